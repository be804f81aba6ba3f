import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomFeed, newsSitemap, rfc822, rssFeed, xmlEscape, type FeedArticle } from '../../src/feeds/formats.js';

const article: FeedArticle = {
  url: 'https://baoyenbai.example/bai-viet/a?x=1&y=2',
  title: 'Lục Yên <có> “Dân vận khéo” & mô hình',
  lead: 'Đến nay\u0000 toàn huyện…',
  publishedAt: new Date('2024-03-04T07:26:47Z'),
  updatedAt: new Date('2024-03-04T20:00:00Z'),
  author: null,
  categories: ['Xây dựng Đảng'],
};
const channel = {
  title: 'Báo Yên Bái',
  link: 'https://baoyenbai.example',
  self: 'https://baoyenbai.example/feeds/rss.xml',
  description: 'Tin',
  publisher: 'Báo Yên Bái',
};

describe('feed formats', () => {
  it('prints RFC 822 dates in newsroom time', () => {
    expect(rfc822(new Date('2024-03-04T07:26:47Z'))).toBe('Mon, 04 Mar 2024 14:26:47 +0700');
    expect(rfc822(new Date('2023-12-31T17:00:00Z'))).toBe('Mon, 01 Jan 2024 00:00:00 +0700');
  });

  it('escapes markup and drops characters XML forbids, keeping Vietnamese as it is', () => {
    expect(xmlEscape('a < b & "c" \u0001đ')).toBe('a &lt; b &amp; &quot;c&quot; đ');
    for (const body of [
      rssFeed(channel, [article], new Date()),
      atomFeed(channel, [article], new Date()),
      newsSitemap('Báo Yên Bái', [article]),
    ]) {
      expect(XMLValidator.validate(body)).toBe(true);
      expect(JSON.stringify(new XMLParser().parse(body))).toContain('Lục Yên <có> “Dân vận khéo” & mô hình');
    }
  });

  it('gives an Atom entry without an author the publisher, and the feed the newest update', () => {
    const feed = new XMLParser().parse(atomFeed(channel, [article], new Date())).feed;
    expect(feed.entry.author.name).toBe('Báo Yên Bái');
    expect(feed.updated).toBe('2024-03-05T03:00:00+07:00');
  });
});
