/**
 * What search engines and social networks read from an article page: its canonical URL,
 * schema.org NewsArticle JSON-LD, and the Open Graph / Twitter card fields. Pure functions of
 * the article and the site's configuration; typed against schema-dts, so a property schema.org
 * does not have, or a value of the wrong type, does not compile.
 */
import type { ImageObject, NewsArticle, Organization, Person, WithContext } from 'schema-dts';
import type { SiteConfig } from '../client-config.js';
import { toLocalIsoString } from './local-time.js';

export interface SeoPicture {
  /** Absolute URL (the largest JPEG rendition, or the original). */
  url: string;
  width: number | null;
  height: number | null;
  caption: string | null;
  alt: string | null;
}

export interface SeoArticle {
  id: number;
  slug: string;
  title: string;
  lead: string;
  dateline: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  author: { name: string; slug: string } | null;
  category: { name: string; slug: string } | null;
  tags: string[];
  pictures: SeoPicture[];
}

/** {category} when an article has none. */
export const UNCATEGORISED_SLUG = 'tin-tuc';

/** The article page's own URL: SITE_URL + SITE_ARTICLE_PATH with {slug}, {category} and {id} filled in. */
export function canonicalArticleUrl(site: SiteConfig, article: { id: number; slug: string; category: { slug: string } | null }): string {
  const path = site.articlePath
    .replaceAll('{slug}', encodeURIComponent(article.slug))
    .replaceAll('{category}', encodeURIComponent(article.category?.slug ?? UNCATEGORISED_SLUG))
    .replaceAll('{id}', String(article.id));
  return `${site.url}${path}`;
}

export const DESCRIPTION_LENGTH = 160;

/**
 * A meta description from the lead: whitespace folded, cut at a word boundary before
 * `maxLength` characters with "…" (search engines show about 160). NFC, so a Vietnamese
 * letter is one character and never cut from its diacritic.
 */
export function metaDescription(lead: string, maxLength = DESCRIPTION_LENGTH): string {
  const text = lead.normalize('NFC').replace(/\s+/g, ' ').trim();
  const characters = [...text];
  if (characters.length <= maxLength) return text;
  const cut = characters.slice(0, maxLength - 1).join('');
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > maxLength / 2 ? cut.slice(0, boundary) : cut).replace(/[\s,;:.–-]+$/u, '')}…`;
}

export function publisherOf(site: SiteConfig): Organization {
  return {
    '@type': 'Organization',
    name: site.name,
    url: site.url,
    ...(site.logoUrl ? { logo: { '@type': 'ImageObject', url: site.logoUrl } satisfies ImageObject } : {}),
  };
}

const AUTHOR_PATH = '/tac-gia/';

export function newsArticleJsonLd(article: SeoArticle, site: SiteConfig): WithContext<NewsArticle> {
  const canonical = canonicalArticleUrl(site, article);
  const author: Person | undefined = article.author
    ? { '@type': 'Person', name: article.author.name, url: `${site.url}${AUTHOR_PATH}${encodeURIComponent(article.author.slug)}` }
    : undefined;
  const images: ImageObject[] = article.pictures.map((picture) => ({
    '@type': 'ImageObject',
    url: picture.url,
    contentUrl: picture.url,
    ...(picture.width ? { width: { '@type': 'QuantitativeValue', value: picture.width, unitCode: 'E37' } } : {}),
    ...(picture.height ? { height: { '@type': 'QuantitativeValue', value: picture.height, unitCode: 'E37' } } : {}),
    ...(picture.caption ? { caption: picture.caption } : {}),
  }));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': `${canonical}#article`,
    headline: article.title,
    description: article.lead,
    url: canonical,
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
    inLanguage: 'vi',
    ...(article.publishedAt ? { datePublished: toLocalIsoString(article.publishedAt) } : {}),
    dateModified: toLocalIsoString(article.updatedAt),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...(author ? { author: [author] } : {}),
    ...(images.length > 0 ? { image: images } : {}),
    ...(article.category ? { articleSection: article.category.name } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags } : {}),
    publisher: publisherOf(site),
  } satisfies WithContext<NewsArticle>;
}

export interface ArticleSeoFields {
  canonicalUrl: string;
  /** The page's <title>: "headline – site name". */
  title: string;
  description: string;
  openGraph: {
    type: 'article';
    title: string;
    description: string;
    url: string;
    siteName: string;
    locale: string;
    image: SeoPicture | null;
    publishedTime: string | null;
    modifiedTime: string;
    section: string | null;
    tags: string[];
    authors: string[];
  };
  twitter: {
    card: 'summary_large_image' | 'summary';
    title: string;
    description: string;
    image: string | null;
    imageAlt: string | null;
  };
}

export function articleSeo(article: SeoArticle, site: SiteConfig): ArticleSeoFields {
  const canonicalUrl = canonicalArticleUrl(site, article);
  const description = metaDescription(article.lead);
  const image = article.pictures[0] ?? null;
  return {
    canonicalUrl,
    title: `${article.title} – ${site.name}`,
    description,
    openGraph: {
      type: 'article',
      title: article.title,
      description,
      url: canonicalUrl,
      siteName: site.name,
      locale: 'vi_VN',
      image,
      publishedTime: article.publishedAt ? toLocalIsoString(article.publishedAt) : null,
      modifiedTime: toLocalIsoString(article.updatedAt),
      section: article.category?.name ?? null,
      tags: article.tags,
      authors: article.author ? [`${site.url}${AUTHOR_PATH}${encodeURIComponent(article.author.slug)}`] : [],
    },
    twitter: {
      card: image ? 'summary_large_image' : 'summary',
      title: article.title,
      description,
      image: image?.url ?? null,
      imageAlt: image ? (image.alt ?? image.caption) : null,
    },
  };
}
