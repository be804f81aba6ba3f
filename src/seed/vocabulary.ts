/**
 * The fixed vocabulary of the synthetic corpus: the sections, the tags (with the news phrase
 * each stands for), and the places. Fixed rather than drawn from the seed, so every corpus
 * shares one menu and one tag list that tests and demos can name.
 */
import { slugify } from '../domain/vietnamese.js';

export interface SectionSpec {
  name: string;
  slug: string;
  /** Slug of the parent section, for the second level of the menu. */
  parentSlug: string | null;
  position: number;
  /** How often the section publishes, relative to the others. */
  weight: number;
}

/** Tag name, or "tag name|the phrase a sentence uses" when the tag alone reads badly in a sentence. */
type TopicEntry = string;

interface SectionDefinition {
  name: string;
  weight: number;
  topics: TopicEntry[];
  children?: Omit<SectionDefinition, 'children'>[];
}

const SECTION_TREE: SectionDefinition[] = [
  {
    name: 'Thời sự',
    weight: 6,
    topics: [
      'giải quyết khiếu nại, tố cáo|giải quyết khiếu nại, tố cáo của công dân',
      'dân chủ ở cơ sở|thực hiện dân chủ ở cơ sở',
      'tinh gọn bộ máy|sắp xếp, tinh gọn tổ chức bộ máy',
      'cải cách hành chính',
      'Quốc hội|hoạt động của đại biểu Quốc hội',
      'tiếp xúc cử tri',
      'mô hình|nhân rộng các mô hình hay',
    ],
    children: [
      {
        name: 'Trong tỉnh',
        weight: 8,
        topics: [
          'kỷ niệm ngày thành lập tỉnh|các hoạt động kỷ niệm ngày thành lập tỉnh',
          'quy hoạch tỉnh|thực hiện quy hoạch tỉnh',
          'công tác cán bộ',
          'Hội đồng nhân dân|kỳ họp Hội đồng nhân dân tỉnh',
          'sáp nhập đơn vị hành chính|sắp xếp đơn vị hành chính cấp xã',
        ],
      },
      {
        name: 'Trong nước',
        weight: 5,
        topics: [
          'tăng trưởng GDP|mục tiêu tăng trưởng kinh tế',
          'điện lực|bảo đảm cung ứng điện',
          'Chính phủ|chỉ đạo, điều hành của Chính phủ',
          'đầu tư công|giải ngân vốn đầu tư công',
          'cao tốc|xây dựng các tuyến cao tốc',
        ],
      },
    ],
  },
  {
    name: 'Chính trị',
    weight: 3,
    topics: [
      'nghị quyết Trung ương|quán triệt, triển khai nghị quyết Trung ương',
      'thi đua yêu nước|phong trào thi đua yêu nước',
      'công tác dân vận|đổi mới công tác dân vận',
      'Đại hội Đảng|chuẩn bị đại hội Đảng bộ các cấp',
      'Mặt trận Tổ quốc|hoạt động của Mặt trận Tổ quốc',
      'phòng chống tham nhũng|phòng, chống tham nhũng, tiêu cực',
      'học tập và làm theo Bác|học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
      'đối ngoại|công tác đối ngoại',
    ],
    children: [
      {
        // Where the paper files the reference article (src/seed/demo.ts).
        name: 'Xây dựng Đảng',
        weight: 2,
        topics: [
          'xây dựng Đảng|công tác xây dựng Đảng',
          // The reference article's own phrase stays its own: synthetic stories with this tag
          // speak of the work in general words, so a search for "Dân vận khéo" finds it first.
          'dân vận khéo|xây dựng mô hình dân vận ở cơ sở',
          'kết nạp đảng viên|phát triển đảng viên mới',
          'tổ chức cơ sở đảng|nâng cao năng lực lãnh đạo của tổ chức cơ sở đảng',
          'kiểm tra, giám sát|công tác kiểm tra, giám sát của Đảng',
          'bảo vệ nền tảng tư tưởng|bảo vệ nền tảng tư tưởng của Đảng',
        ],
      },
    ],
  },
  {
    name: 'Kinh tế',
    weight: 5,
    topics: [
      'giá xăng dầu|điều hành giá xăng dầu',
      'du lịch và dịch vụ|phát triển thương mại, dịch vụ',
      'chỉ số PCI|cải thiện chỉ số năng lực cạnh tranh cấp tỉnh',
      'hạ tầng giao thông|đầu tư hạ tầng giao thông',
      'thu hút đầu tư',
      'xuất khẩu|xuất khẩu hàng hóa',
      'kinh tế tập thể|phát triển kinh tế tập thể',
      'khu công nghiệp|phát triển các khu công nghiệp',
      'thương mại điện tử|phát triển thương mại điện tử',
      'giá vàng|diễn biến giá vàng',
    ],
    children: [
      {
        name: 'Nông nghiệp',
        weight: 5,
        topics: [
          'chuyển đổi cơ cấu cây trồng',
          'tre măng Bát Độ|phát triển vùng nguyên liệu tre măng Bát Độ',
          'nuôi cá lồng|nuôi cá lồng trên hồ Thác Bà',
          'vụ đông|sản xuất vụ đông',
          'dồn điền đổi thửa',
          'cây ăn quả có múi|phát triển cây ăn quả có múi',
          'nông thôn mới|xây dựng nông thôn mới',
          'OCOP|phát triển sản phẩm OCOP',
          'trồng rừng|trồng rừng sản xuất',
          'quế|phát triển vùng quế hữu cơ',
          'chè|nâng cao giá trị cây chè',
          'hợp tác xã|phát triển hợp tác xã nông nghiệp',
          'nông nghiệp hữu cơ|sản xuất nông nghiệp hữu cơ',
          'chăn nuôi|phát triển chăn nuôi an toàn sinh học',
        ],
      },
      {
        name: 'Doanh nghiệp',
        weight: 2,
        topics: [
          'đá quý|khai thác và chế biến đá quý',
          'chế biến gỗ|phát triển công nghiệp chế biến gỗ',
          'hiệp hội doanh nghiệp|đối thoại với cộng đồng doanh nghiệp',
          'khởi nghiệp|hỗ trợ khởi nghiệp đổi mới sáng tạo',
          'doanh nghiệp nhỏ và vừa|hỗ trợ doanh nghiệp nhỏ và vừa',
          'môi trường kinh doanh|cải thiện môi trường kinh doanh',
        ],
      },
      {
        name: 'Tài chính - Ngân hàng',
        weight: 2,
        topics: [
          'thanh toán không dùng tiền mặt|thúc đẩy thanh toán không dùng tiền mặt',
          'tín dụng đen|ngăn chặn tín dụng đen',
          'kho bạc|kiểm soát chi qua kho bạc',
          'tín dụng chính sách|cho vay vốn tín dụng chính sách',
          'thu ngân sách|thu ngân sách nhà nước',
          'ngân hàng số|phát triển ngân hàng số',
        ],
      },
    ],
  },
  {
    name: 'Xã hội',
    weight: 5,
    topics: [
      'trẻ em|bảo vệ, chăm sóc trẻ em',
      'bình đẳng giới|thúc đẩy bình đẳng giới',
      'người cao tuổi|chăm sóc người cao tuổi',
      'hiến đất làm đường|vận động nhân dân hiến đất làm đường',
      'Tháng Nhân đạo|hưởng ứng Tháng Nhân đạo',
      'giảm nghèo|giảm nghèo bền vững',
      'an sinh xã hội|bảo đảm an sinh xã hội',
      'xóa nhà tạm|xóa nhà tạm, nhà dột nát',
      'người có công|chăm lo gia đình người có công',
      'bảo hiểm xã hội|phát triển người tham gia bảo hiểm xã hội',
    ],
    children: [
      {
        name: 'Dân tộc - Tôn giáo',
        weight: 2,
        topics: [
          'tín ngưỡng, tôn giáo|quản lý nhà nước về tín ngưỡng, tôn giáo',
          'định canh định cư|bố trí, ổn định dân cư',
          'người Mông|đời sống đồng bào Mông',
          'đồng bào dân tộc thiểu số|hỗ trợ đồng bào dân tộc thiểu số',
          'người có uy tín|phát huy vai trò người có uy tín',
          'Chương trình 1719|thực hiện Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số',
        ],
      },
      {
        name: 'Lao động - Việc làm',
        weight: 2,
        topics: [
          'an toàn lao động|bảo đảm an toàn, vệ sinh lao động',
          'công nhân|chăm lo đời sống công nhân lao động',
          'hội chợ việc làm|tổ chức phiên giao dịch việc làm',
          'đào tạo nghề|đào tạo nghề cho lao động nông thôn',
          'xuất khẩu lao động|đưa người lao động đi làm việc ở nước ngoài',
          'việc làm|giải quyết việc làm',
        ],
      },
    ],
  },
  {
    name: 'Văn hóa',
    weight: 3,
    topics: [
      'xòe Thái|bảo tồn nghệ thuật xòe Thái',
      'thư viện|phát triển văn hóa đọc',
      'nhà văn hóa|nâng cao hiệu quả nhà văn hóa thôn, bản',
      'nghệ nhân|tôn vinh nghệ nhân dân gian',
      'di sản|bảo tồn và phát huy giá trị di sản',
      'lễ hội|tổ chức lễ hội truyền thống',
      'văn hóa dân tộc|giữ gìn bản sắc văn hóa dân tộc',
      'xây dựng gia đình|xây dựng gia đình no ấm, hạnh phúc',
      'Tết Nguyên đán|chuẩn bị đón Tết Nguyên đán',
    ],
  },
  {
    name: 'Giáo dục',
    weight: 3,
    topics: [
      'học sinh giỏi|bồi dưỡng học sinh giỏi',
      'bán trú|chăm lo học sinh bán trú',
      'giáo viên|tuyển dụng giáo viên',
      'tuyển sinh đầu cấp',
      'kỳ thi tốt nghiệp THPT|chuẩn bị kỳ thi tốt nghiệp THPT',
      'năm học mới|chuẩn bị cho năm học mới',
      'trường chuẩn quốc gia|xây dựng trường đạt chuẩn quốc gia',
      'khuyến học|phong trào khuyến học, khuyến tài',
      'chương trình giáo dục phổ thông mới|triển khai chương trình giáo dục phổ thông mới',
    ],
  },
  {
    name: 'Y tế',
    weight: 3,
    topics: [
      'khám chữa bệnh|nâng cao chất lượng khám, chữa bệnh',
      'hiến máu|phong trào hiến máu tình nguyện',
      'sức khỏe sinh sản|chăm sóc sức khỏe sinh sản',
      'bệnh viện|nâng cấp cơ sở vật chất bệnh viện',
      'y tế cơ sở|nâng cao chất lượng y tế cơ sở',
      'sốt xuất huyết|phòng chống sốt xuất huyết',
      'tiêm chủng|tiêm chủng mở rộng',
      'an toàn thực phẩm|bảo đảm an toàn thực phẩm',
      'bảo hiểm y tế|phát triển người tham gia bảo hiểm y tế',
      'COVID-19|phòng, chống dịch COVID-19',
    ],
  },
  {
    name: 'Pháp luật',
    weight: 3,
    topics: [
      'tai nạn giao thông|kiềm chế tai nạn giao thông',
      'trợ giúp pháp lý|trợ giúp pháp lý cho người dân',
      'xét xử|xét xử các vụ án hình sự',
      'buôn lậu|đấu tranh chống buôn lậu, gian lận thương mại',
      'ma túy|đấu tranh phòng, chống tội phạm ma túy',
      'khai thác khoáng sản trái phép|xử lý khai thác khoáng sản trái phép',
      'lừa đảo trực tuyến|phòng ngừa lừa đảo trên không gian mạng',
      'phổ biến pháp luật|tuyên truyền, phổ biến giáo dục pháp luật',
    ],
  },
  {
    name: 'Thể thao',
    weight: 2,
    topics: [
      'võ cổ truyền|phát triển võ cổ truyền',
      'giải việt dã|tổ chức giải chạy việt dã',
      'bóng chuyền|giải bóng chuyền hơi',
      'thể thao quần chúng|phong trào thể dục thể thao quần chúng',
      'Đại hội Thể dục thể thao|tổ chức Đại hội Thể dục thể thao các cấp',
      'SEA Games|chuẩn bị lực lượng tham dự SEA Games',
    ],
    children: [
      {
        name: 'Bóng đá',
        weight: 2,
        topics: [
          'bóng đá nữ|phát triển bóng đá nữ',
          'U23 Việt Nam|hành trình của U23 Việt Nam',
          'V-League|các trận đấu tại V-League',
          'đội tuyển Việt Nam|hành trình của đội tuyển Việt Nam',
          'bóng đá học đường|phát triển bóng đá học đường',
        ],
      },
    ],
  },
  {
    name: 'Quốc tế',
    weight: 2,
    topics: [
      'xung đột Nga - Ukraine|diễn biến xung đột Nga - Ukraine',
      'kinh tế thế giới|triển vọng kinh tế thế giới',
      'Liên hợp quốc|hoạt động của Liên hợp quốc',
      'ASEAN|hợp tác trong khuôn khổ ASEAN',
      'biến đổi khí hậu|ứng phó với biến đổi khí hậu',
      'hợp tác quốc tế|mở rộng hợp tác quốc tế',
    ],
  },
  {
    name: 'Du lịch',
    weight: 2,
    topics: [
      'hồ Thác Bà|phát triển du lịch hồ Thác Bà',
      'du lịch Mù Cang Chải|quảng bá du lịch Mù Cang Chải',
      'lễ hội du lịch|tổ chức các sự kiện văn hóa, du lịch',
      'du lịch sinh thái|phát triển du lịch sinh thái',
      'du lịch cộng đồng|phát triển du lịch cộng đồng',
      'ruộng bậc thang|quảng bá mùa vàng ruộng bậc thang',
      'homestay|phát triển homestay gắn với văn hóa bản địa',
      'du lịch nông nghiệp|phát triển du lịch nông nghiệp',
    ],
  },
  {
    name: 'Khoa học - Công nghệ',
    weight: 2,
    topics: [
      'đề án 06|thực hiện Đề án 06 của Chính phủ',
      'an toàn thông tin|bảo đảm an toàn thông tin mạng',
      'tổ công nghệ số cộng đồng|hoạt động của tổ công nghệ số cộng đồng',
      'khoa học công nghệ|ứng dụng tiến bộ khoa học, công nghệ',
      'chuyển đổi số',
      'chính quyền số|xây dựng chính quyền số',
      'dịch vụ công trực tuyến|cung cấp dịch vụ công trực tuyến',
      'trí tuệ nhân tạo|ứng dụng trí tuệ nhân tạo',
      'sở hữu trí tuệ|bảo hộ sở hữu trí tuệ',
    ],
  },
  {
    name: 'Quốc phòng - An ninh',
    weight: 2,
    topics: [
      'diễn tập khu vực phòng thủ',
      'giáo dục quốc phòng|bồi dưỡng kiến thức quốc phòng, an ninh',
      'an ninh trật tự|giữ vững an ninh chính trị, trật tự an toàn xã hội',
      'tuyển quân|công tác tuyển chọn, gọi công dân nhập ngũ',
      'dân quân tự vệ|xây dựng lực lượng dân quân tự vệ',
      'an toàn giao thông|bảo đảm trật tự an toàn giao thông',
      'phòng cháy chữa cháy|phòng cháy, chữa cháy và cứu nạn, cứu hộ',
    ],
  },
  {
    name: 'Môi trường',
    weight: 2,
    topics: [
      'sạt lở đất|phòng ngừa sạt lở đất',
      'rác thải sinh hoạt|thu gom, xử lý rác thải sinh hoạt',
      'năng lượng tái tạo|phát triển năng lượng tái tạo',
      'Ngày Môi trường thế giới|hưởng ứng Ngày Môi trường thế giới',
      'thiên tai|phòng, chống thiên tai',
      'bão Yagi|khắc phục hậu quả bão Yagi',
      'rác thải nhựa|giảm thiểu rác thải nhựa',
      'bảo vệ rừng|quản lý, bảo vệ rừng',
      'nước sạch|cung cấp nước sạch cho vùng nông thôn',
    ],
  },
];

/** Districts and towns that news from the provinces is filed from; Yên Bái's first. */
export const DISTRICTS = [
  'Lục Yên',
  'Văn Yên',
  'Yên Bình',
  'Trấn Yên',
  'Văn Chấn',
  'Trạm Tấu',
  'Mù Cang Chải',
  'Nghĩa Lộ',
  'Bắc Hà',
  'Sa Pa',
  'Bát Xát',
  'Mộc Châu',
  'Đồng Văn',
  'Mèo Vạc',
  'Hoàng Su Phì',
  'Na Hang',
  'Lâm Bình',
  'Ba Bể',
  'Trùng Khánh',
  'Điện Biên Đông',
  'Mường Tè',
  'Tam Đường',
  'Quan Hóa',
  'Kỳ Sơn',
  'Con Cuông',
  'A Lưới',
  'Nam Trà My',
  'Kon Plông',
  'Đức Trọng',
  'Phú Quốc',
  'Bảo Yên',
  'Bảo Thắng',
  'Văn Bàn',
  'Si Ma Cai',
  'Mường Khương',
  'Than Uyên',
  'Phong Thổ',
  'Sìn Hồ',
  'Tủa Chùa',
  'Mường Nhé',
  'Quản Bạ',
  'Yên Minh',
  'Bắc Mê',
  'Xín Mần',
  'Bảo Lạc',
  'Nguyên Bình',
  'Chợ Đồn',
  'Pác Nặm',
  'Định Hóa',
  'Đại Từ',
  'Tân Sơn',
  'Thanh Sơn',
  'Đà Bắc',
  'Mai Châu',
  'Quế Phong',
  'Tương Dương',
  'Mường Lát',
  'Bá Thước',
  'Ngọc Hồi',
  'Đắk Glei',
];

/** Provinces (the 63 of 2021–2025), as printed; Yên Bái is the paper's own. */
export const PROVINCES = [
  'Yên Bái',
  'Hà Nội',
  'TP Hồ Chí Minh',
  'Lào Cai',
  'Phú Thọ',
  'Tuyên Quang',
  'Hà Giang',
  'Sơn La',
  'Lai Châu',
  'Điện Biên',
  'Cao Bằng',
  'Bắc Kạn',
  'Lạng Sơn',
  'Thái Nguyên',
  'Quảng Ninh',
  'Bắc Giang',
  'Bắc Ninh',
  'Hải Phòng',
  'Hải Dương',
  'Hưng Yên',
  'Vĩnh Phúc',
  'Hòa Bình',
  'Thái Bình',
  'Nam Định',
  'Hà Nam',
  'Ninh Bình',
  'Thanh Hóa',
  'Nghệ An',
  'Hà Tĩnh',
  'Quảng Bình',
  'Quảng Trị',
  'Thừa Thiên Huế',
  'Đà Nẵng',
  'Quảng Nam',
  'Quảng Ngãi',
  'Bình Định',
  'Phú Yên',
  'Khánh Hòa',
  'Ninh Thuận',
  'Bình Thuận',
  'Kon Tum',
  'Gia Lai',
  'Đắk Lắk',
  'Đắk Nông',
  'Lâm Đồng',
  'Bình Phước',
  'Tây Ninh',
  'Bình Dương',
  'Đồng Nai',
  'Bà Rịa - Vũng Tàu',
  'Long An',
  'Tiền Giang',
  'Bến Tre',
  'Trà Vinh',
  'Vĩnh Long',
  'Đồng Tháp',
  'An Giang',
  'Kiên Giang',
  'Cần Thơ',
  'Hậu Giang',
  'Sóc Trăng',
  'Bạc Liêu',
  'Cà Mau',
];

export const SECTIONS: SectionSpec[] = SECTION_TREE.flatMap((root, rootIndex) => {
  const rootSlug = slugify(root.name);
  return [
    { name: root.name, slug: rootSlug, parentSlug: null, position: rootIndex, weight: root.weight },
    ...(root.children ?? []).map((child, childIndex) => ({
      name: child.name,
      slug: slugify(child.name),
      parentSlug: rootSlug,
      position: childIndex,
      weight: child.weight,
    })),
  ];
});

export interface TagSpec {
  name: string;
  slug: string;
  kind: 'place' | 'topic';
  /** What a sentence says for it: "xây dựng nông thôn mới" for the tag "nông thôn mới". */
  phrase: string;
  /** The section a story on this topic belongs to; null for places. */
  sectionSlug: string | null;
}

const topicTags: TagSpec[] = SECTION_TREE.flatMap((root) =>
  [root, ...(root.children ?? [])].flatMap((section) =>
    section.topics.map((entry) => {
      const [name, phrase] = entry.split('|') as [string, string | undefined];
      return { name, slug: slugify(name), kind: 'topic' as const, phrase: phrase ?? name, sectionSlug: slugify(section.name) };
    }),
  ),
);

const placeTags: TagSpec[] = [...new Set([...DISTRICTS, ...PROVINCES])].map((name) => ({
  name,
  slug: slugify(name),
  kind: 'place' as const,
  phrase: name,
  sectionSlug: null,
}));

/**
 * Generic subjects that newsrooms tag heavily; they fill out the head of the distribution. Not
 * the reference article's own tags ("dân vận khéo", "mô hình"): at the head they put "Dân vận
 * khéo" in 4 % of all headlines, and a search for the reference headline drowned in them.
 */
const HEAD = [
  'Yên Bái',
  'nông thôn mới',
  'chuyển đổi số',
  'Lục Yên',
  'giảm nghèo',
  'cải cách hành chính',
  'Hà Nội',
  'an toàn giao thông',
  'Văn Yên',
  'OCOP',
  'an sinh xã hội',
  'du lịch cộng đồng',
];

function interleave<T>(a: T[], b: T[]): T[] {
  const result: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) result.push(a[i]!);
    if (i < b.length) result.push(b[i]!);
  }
  return result;
}

/**
 * Every tag, most used first: the corpus draws them by rank with a Zipf law, so the first few
 * appear on a large share of stories and most of the list only now and then.
 */
export const TAGS: TagSpec[] = (() => {
  const all = interleave(topicTags, placeTags);
  const bySlug = new Map(all.map((tag) => [tag.slug, tag]));
  const head = HEAD.map((name) => bySlug.get(slugify(name))!);
  const headSlugs = new Set(head.map((tag) => tag.slug));
  const rest = [...bySlug.values()].filter((tag) => !headSlugs.has(tag.slug));
  return [...head, ...rest];
})();

export const TOPICS_BY_SECTION: ReadonlyMap<string, TagSpec[]> = (() => {
  const bySection = new Map<string, TagSpec[]>();
  for (const tag of topicTags) {
    const list = bySection.get(tag.sectionSlug!) ?? [];
    list.push(tag);
    bySection.set(tag.sectionSlug!, list);
  }
  return bySection;
})();
