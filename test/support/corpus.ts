/**
 * A small hand-made corpus whose right answers are obvious: the reference article, 60
 * ordinary published articles, and one article in each state a reader must never see.
 */
import { readFileSync } from 'node:fs';
import type { DatabaseClient } from '../../src/db/database.js';

const fixture = JSON.parse(readFileSync(new URL('../../prisma/seed/luc-yen-dan-van-kheo.json', import.meta.url), 'utf8'));
export const reference = {
  slug: 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo',
  title: fixture.article.title as string,
  lead: fixture.article.lead as string,
  body: fixture.article.body as string[],
  caption: fixture.article.images[0].caption as string,
  publishedAt: new Date(fixture.article.updatedAt),
};

export const FILLER_COUNT = 60;
/** Titles of articles that exist but must stay invisible to readers. */
export const hidden = {
  draft: 'Bản nháp chưa duyệt về Lục Yên',
  scheduled: 'Bài hẹn giờ đăng năm 2099',
  archived: 'Bài đã gỡ khỏi trang',
};

export async function loadCorpus(prisma: DatabaseClient) {
  const [thoiSu, kinhTe] = await Promise.all([
    prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự', position: 0 } }),
    prisma.category.create({ data: { slug: 'kinh-te', name: 'Kinh tế', position: 1 } }),
  ]);
  const trongTinh = await prisma.category.create({
    data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: thoiSu.id, position: 0 },
  });
  const ducToan = await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  const thuHa = await prisma.author.create({ data: { slug: 'thu-ha', name: 'Thu Hà', bio: 'Phóng viên kinh tế.' } });
  const tagNames = ['Lục Yên', 'dân vận khéo', 'mô hình', 'Yên Bái'];
  const tagSlugs = ['luc-yen', 'dan-van-kheo', 'mo-hinh', 'yen-bai'];
  const tags = [];
  for (const [i, name] of tagNames.entries()) tags.push(await prisma.tag.create({ data: { slug: tagSlugs[i]!, name } }));
  const [lucYen, danVanKheo, moHinh, yenBai] = tags as [(typeof tags)[0], (typeof tags)[0], (typeof tags)[0], (typeof tags)[0]];

  const now = new Date();
  await prisma.article.create({
    data: {
      slug: reference.slug,
      title: reference.title,
      lead: reference.lead,
      body: reference.body.map((text) => ({ kind: 'PARAGRAPH', text })),
      dateline: 'Yên Bái',
      status: 'PUBLISHED',
      publishedAt: reference.publishedAt,
      updatedAt: reference.publishedAt,
      authorId: ducToan.id,
      categoryId: trongTinh.id,
      tags: { create: [lucYen, danVanKheo, moHinh].map((tag, position) => ({ tagId: tag.id, position })) },
      images: { create: [{ caption: reference.caption, position: 0 }] },
    },
  });

  // Filler: one a day going back from 2024-03-03 (+07:00), alternating section, author, tag.
  for (let i = 0; i < FILLER_COUNT; i++) {
    const publishedAt = new Date(Date.UTC(2024, 2, 3, 3, 0, 0) - i * 86_400_000);
    await prisma.article.create({
      data: {
        slug: `tin-so-${i + 1}`,
        title: `Tin số ${i + 1}: ${i % 2 ? 'kinh tế huyện' : 'thời sự tỉnh'}`,
        lead: `Tóm tắt tin số ${i + 1}.`,
        body: [{ kind: 'PARAGRAPH', text: `Nội dung tin số ${i + 1}.` }],
        status: 'PUBLISHED',
        publishedAt,
        updatedAt: publishedAt,
        authorId: i % 2 ? thuHa.id : ducToan.id,
        categoryId: i % 2 ? kinhTe.id : thoiSu.id,
        tags: { create: [{ tagId: (i % 3 === 0 ? lucYen : yenBai).id, position: 0 }] },
        images: { create: i % 4 === 0 ? [{ src: `/media/${i}.jpg`, caption: `Ảnh ${i}`, width: 800, height: 600 }] : [] },
      },
    });
  }

  const invisible = [
    { title: hidden.draft, slug: 'ban-nhap', status: 'DRAFT' as const, publishedAt: null },
    { title: hidden.scheduled, slug: 'hen-gio', status: 'PUBLISHED' as const, publishedAt: new Date('2099-01-01T00:00:00+07:00') },
    { title: hidden.archived, slug: 'da-go', status: 'ARCHIVED' as const, publishedAt: new Date('2024-03-01T10:00:00+07:00') },
  ];
  for (const article of invisible) {
    await prisma.article.create({
      data: {
        ...article,
        lead: 'Không được lộ ra ngoài.',
        updatedAt: now,
        authorId: ducToan.id,
        categoryId: trongTinh.id,
        tags: { create: [{ tagId: lucYen.id, position: 0 }] },
      },
    });
  }
  return { categories: { thoiSu, kinhTe, trongTinh }, authors: { ducToan, thuHa }, tags: { lucYen, danVanKheo, moHinh, yenBai } };
}
