/**
 * The sentence templates of the synthetic corpus, in the register of a Vietnamese provincial
 * paper. Slots in braces are filled by news-text.ts: {place} is "Lục Yên", {placeFull}
 * "huyện Lục Yên", {topic} the tag's phrase ("xây dựng nông thôn mới"), and so on.
 */

export const TITLES = [
  '{place} đẩy mạnh {topic}',
  '{place}: Hiệu quả từ {topic}',
  'Nâng cao hiệu quả {topic} ở {place}',
  'Tháo gỡ khó khăn trong {topic}',
  '{place} hoàn thành {pct}% kế hoạch {topic} năm {year}',
  'Sơ kết {topic} 6 tháng đầu năm {year}',
  'Chuyển biến tích cực trong {topic} tại {place}',
  'Kiểm tra tình hình {topic} tại {place}',
  '{place} dành {amount} tỷ đồng cho {topic}',
  'Tạo đột phá trong {topic}',
  'Những con số ấn tượng về {topic} ở {place}',
  '{place}: Người dân đồng thuận với {topic}',
  'Khi người dân {place} chung tay {topic}',
  'Triển khai nhiệm vụ {topic} năm {year}',
  '{place} phấn đấu vượt chỉ tiêu về {topic}',
  'Tổng kết {topic} năm {year}',
  'Gỡ “nút thắt” trong {topic}',
  'Bài học từ {topic} ở {place}',
  '{place} thêm {n} điểm sáng trong {topic}',
  'Lan tỏa {topic} từ {commune}',
  '{place} ra quân {topic}',
  'Đẩy nhanh tiến độ {topic} tại {place}',
  'Hội nghị chuyên đề về {topic}',
  'Phát huy vai trò của người dân trong {topic}',
  '{place} tập trung tháo gỡ vướng mắc về {topic}',
  'Siết chặt kỷ cương trong {topic}',
  'Đổi mới cách làm trong {topic} ở {place}',
  'Hướng đi mới cho {topic} ở {commune}',
  'Dấu ấn {topic} ở {commune}',
  'Cần giải pháp căn cơ cho {topic}',
  'Sôi nổi {topic} ở {place}',
  'Giám sát việc thực hiện {topic} tại {place}',
  'Hiệu quả bước đầu của {topic} ở {commune}',
  'Người dân {commune} hưởng lợi từ {topic}',
  '{place} tổng kết {small} năm thực hiện {topic}',
  'Đoàn công tác của {org} làm việc với {place} về {topic}',
  '{place}: Chưa đạt kỳ vọng trong {topic}',
  '{place} đặt mục tiêu mới cho {topic}',
];

export const LEADS = [
  '{date}, {org} {placeFull} tổ chức hội nghị sơ kết {topic} {period}. Đến nay, {achievement}.',
  'Năm {year}, {placeFull} triển khai đồng bộ nhiều giải pháp về {topic}, qua đó {achievement}.',
  'Với sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của nhân dân, {topic} ở {placeFull} đã đạt nhiều kết quả tích cực.',
  'Xác định {topic} là nhiệm vụ trọng tâm, thời gian qua, {placeFull} đã {action}, góp phần {contribution}.',
  '{date}, đoàn công tác do {role} {person} làm trưởng đoàn đã kiểm tra tình hình {topic} tại {placeFull}.',
];

export const SENTENCES = [
  'Thực hiện {document}, {org} đã ban hành kế hoạch triển khai {topic}, phân công nhiệm vụ cụ thể cho từng cơ quan, đơn vị.',
  'Theo {role} {person}, {topic} là nhiệm vụ trọng tâm, cần sự vào cuộc đồng bộ của cả hệ thống chính trị.',
  'Đến nay, {achievement}, tăng {small}% so với cùng kỳ năm trước.',
  'Năm {year}, {placeFull} đã bố trí trên {amount} tỷ đồng để thực hiện {topic}.',
  'Bên cạnh những kết quả đạt được, {topic} vẫn còn một số khó khăn như {difficulty}.',
  'Tại {commune}, nhiều hộ gia đình đã chủ động tham gia {topic}, trở thành điểm sáng của địa phương.',
  'Công tác tuyên truyền được đẩy mạnh với nhiều hình thức phong phú, giúp người dân hiểu rõ chủ trương, chính sách về {topic}.',
  'Các cấp ủy, chính quyền thường xuyên kiểm tra, đôn đốc, kịp thời tháo gỡ những vướng mắc phát sinh tại cơ sở.',
  'Trong {months} tháng đầu năm {year}, {org} đã tổ chức {n} hội nghị, lớp tập huấn với hơn {people} lượt người tham gia.',
  'Kết quả này góp phần {contribution}.',
  'Phát biểu tại buổi làm việc, {role} {person} ghi nhận những kết quả {placeFull} đạt được và đề nghị {request}.',
  'Nhiều cách làm sáng tạo đã được {commune} áp dụng, mang lại hiệu quả rõ rệt.',
  'Qua rà soát, toàn {placeFull} hiện có {n} thôn, bản cần tiếp tục được hỗ trợ về {topic}.',
  'Ngoài nguồn vốn ngân sách, địa phương còn huy động được trên {amount} tỷ đồng từ doanh nghiệp và nhân dân đóng góp.',
];

export const QUOTE_SENTENCES = [
  '{honorific} {person}, {citizen} ở {commune}, cho biết: “{citizenQuote}”.',
  '“{citizenQuote}”, {honorific} {person}, {citizen} ở {commune}, chia sẻ.',
  '“{officialQuote}”, {role} {person} chia sẻ.',
  'Trao đổi với phóng viên, {role} {person} khẳng định: “{officialQuote}”.',
];

export const CLOSINGS = [
  'Thời gian tới, {placeFull} tiếp tục {action}, phấn đấu {goal}.',
  'Trong năm {next}, {org} đặt mục tiêu {goal}.',
  'Với những kết quả đã đạt được, {placeFull} tin tưởng sẽ {goal}.',
];

export const CAPTIONS = [
  '{role} {person} phát biểu tại hội nghị.',
  'Quang cảnh hội nghị.',
  'Lãnh đạo {placeFull} kiểm tra thực tế tại {commune}.',
  'Người dân {commune} tham gia {topic}.',
  'Cán bộ xã hướng dẫn người dân thực hiện thủ tục hành chính.',
  '{role} {person} trao đổi với người dân {commune}.',
  'Một góc {placeFull} hôm nay.',
];

export const ACHIEVEMENTS = [
  'toàn {placeFull} đã hoàn thành {pct}% kế hoạch đề ra',
  'đã có {people} hộ dân được hưởng lợi',
  'tổng nguồn lực huy động đạt trên {amount} tỷ đồng',
  '{n} xã đã hoàn thành các chỉ tiêu theo kế hoạch',
  'nhiều chỉ tiêu đạt và vượt so với cùng kỳ',
];

export const ACTIONS = [
  'huy động mọi nguồn lực cho {topic}',
  'nâng cao chất lượng {topic}',
  'đẩy mạnh ứng dụng công nghệ thông tin trong {topic}',
  'tăng cường công tác kiểm tra, giám sát',
  'nhân rộng các mô hình, cách làm hiệu quả',
];

export const GOALS = [
  'hoàn thành và vượt các chỉ tiêu đề ra',
  'hoàn thành {pct}% kế hoạch năm {next}',
  'đưa {topic} đi vào chiều sâu, thực chất',
  'nâng cao hơn nữa đời sống của nhân dân',
];

export const CONTRIBUTIONS = [
  'nâng cao đời sống vật chất và tinh thần của nhân dân',
  'thúc đẩy phát triển kinh tế - xã hội của địa phương',
  'củng cố niềm tin của nhân dân đối với Đảng, chính quyền',
  'giữ vững ổn định chính trị, trật tự an toàn xã hội',
];

export const REQUESTS = [
  'các ngành, địa phương tiếp tục phối hợp chặt chẽ, tập trung khắc phục những hạn chế',
  'quan tâm hơn nữa đến công tác tuyên truyền, vận động nhân dân',
  'rà soát, đánh giá sát thực tế để có giải pháp phù hợp',
];

export const DIFFICULTIES = [
  'nguồn lực đầu tư còn hạn chế',
  'địa hình chia cắt, giao thông đi lại khó khăn',
  'nhận thức của một bộ phận người dân chưa đầy đủ',
  'thời tiết diễn biến phức tạp',
  'sự phối hợp giữa các ngành có lúc chưa chặt chẽ',
  'nguồn nhân lực chất lượng cao còn thiếu',
];

export const CITIZEN_QUOTES = [
  'Nhờ được hỗ trợ kịp thời, gia đình tôi đã yên tâm sản xuất, cuộc sống ngày càng ổn định hơn',
  'Bà con rất phấn khởi vì đường sá, trường lớp được đầu tư khang trang hơn trước',
  'Được cán bộ hướng dẫn tận tình, giờ tôi đã biết cách làm ăn, thu nhập khá hơn trước nhiều',
  'Trước đây đi lại vất vả lắm, nay mọi việc thuận lợi hơn, ai cũng mừng',
];

export const OFFICIAL_QUOTES = [
  'Chúng tôi xác định lấy người dân làm trung tâm, việc gì có lợi cho dân thì phải làm đến nơi đến chốn',
  'Cái khó nhất là thay đổi nhận thức; khi bà con đã hiểu thì việc triển khai thuận lợi hơn rất nhiều',
  'Địa phương sẽ tiếp tục rà soát, tháo gỡ từng vướng mắc để người dân sớm được hưởng lợi',
  'Kết quả hôm nay là nhờ sự đồng lòng của cả hệ thống chính trị và nhân dân',
];

export const ORGS = [
  'UBND tỉnh',
  'Tỉnh ủy',
  'Ban Dân vận Tỉnh ủy',
  'Huyện ủy',
  'UBND huyện',
  'Sở Nông nghiệp và Phát triển nông thôn',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Thông tin và Truyền thông',
  'Ủy ban MTTQ tỉnh',
  'Hội Nông dân tỉnh',
  'Hội Liên hiệp Phụ nữ tỉnh',
  'Tỉnh đoàn',
  'Công an tỉnh',
  'Bộ Chỉ huy Quân sự tỉnh',
];

export const ROLES = [
  'Chủ tịch UBND huyện',
  'Phó Chủ tịch UBND tỉnh',
  'Bí thư Huyện ủy',
  'Bí thư Đảng ủy xã',
  'Giám đốc Sở',
  'Trưởng phòng Nông nghiệp và Phát triển nông thôn huyện',
  'Trưởng ban Dân vận Huyện ủy',
  'Chủ tịch Hội Nông dân xã',
  'Phó Bí thư Thường trực Tỉnh ủy',
  'Chủ tịch UBND xã',
];

export const CITIZENS = ['nông dân', 'chủ hợp tác xã', 'trưởng thôn', 'người dân', 'hội viên phụ nữ', 'đoàn viên thanh niên'];

export const DOCUMENTS = [
  'Nghị quyết số {num}-NQ/TU của Ban Chấp hành Đảng bộ tỉnh',
  'Kế hoạch số {num}/KH-UBND của UBND tỉnh',
  'Chỉ thị số {num}-CT/TU của Ban Thường vụ Tỉnh ủy',
];

export const PERIODS = ['6 tháng đầu năm', '9 tháng', 'quý I', 'năm'];

/** Commune names are built from two syllables, as most are ("Minh Tiến", "Tân Lĩnh"). */
export const COMMUNE_FIRST = [
  'An',
  'Minh',
  'Tân',
  'Phúc',
  'Vĩnh',
  'Khánh',
  'Yên',
  'Hòa',
  'Đông',
  'Liễu',
  'Động',
  'Trúc',
  'Mai',
  'Lâm',
  'Châu',
  'Tô',
  'Phan',
  'Xuân',
];
export const COMMUNE_SECOND = [
  'Tiến',
  'Phú',
  'Lĩnh',
  'Lợi',
  'Thắng',
  'Hòa',
  'Thịnh',
  'Quang',
  'Sơn',
  'Lâu',
  'Thượng',
  'Quế',
  'Khang',
  'Lương',
  'Xuân',
  'Đô',
];

/** Places that are not a "huyện": towns, cities. */
export const PLACE_KIND: Record<string, string> = {
  'Nghĩa Lộ': 'thị xã',
  'Sa Pa': 'thị xã',
  'Phú Quốc': 'thành phố',
  'Hà Nội': 'thành phố',
  'Hải Phòng': 'thành phố',
  'Đà Nẵng': 'thành phố',
  'Cần Thơ': 'thành phố',
  'TP Hồ Chí Minh': '',
};
