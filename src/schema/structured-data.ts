/**
 * An article as search engines and social networks read it: `structuredData` (schema.org
 * NewsArticle JSON-LD, for a `<script type="application/ld+json">`) and `seo` (canonical URL,
 * title, description, Open Graph and Twitter card). Built by the pure functions of
 * src/domain/structured-data.ts from the columns selected here, in the article's own query.
 */
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { articleSeo, newsArticleJsonLd, type ArticleSeoFields, type SeoArticle, type SeoPicture } from '../domain/structured-data.js';
import { imageUrls } from '../media/image-urls.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.NULL:
      return null;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.LIST:
      return ast.values.map(literalValue);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalValue(field.value)]));
    case Kind.VARIABLE:
      throw new GraphQLError('JSON literals cannot hold variables');
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value, sent as is (e.g. JSON-LD).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

/** Everything the JSON-LD and the SEO fields need, selected with the article in one query. */
const SEO_SELECT = {
  id: true,
  slug: true,
  title: true,
  lead: true,
  dateline: true,
  publishedAt: true,
  updatedAt: true,
  author: { select: { name: true, slug: true } },
  category: { select: { name: true, slug: true } },
  tags: { orderBy: { position: 'asc' }, select: { tag: { select: { name: true } } } },
  images: { orderBy: { position: 'asc' }, select: { src: true, caption: true, alt: true, width: true, height: true } },
} as const;

/** What the select above reads: the article's own facts as SeoArticle has them, tags and images as stored. */
type SelectedArticle = Omit<SeoArticle, 'tags' | 'pictures'> & {
  tags: { tag: { name: string } }[];
  images: { src: string | null; caption: string | null; alt: string | null; width: number | null; height: number | null }[];
};

/** Pictures as absolute URLs: the largest JPEG rendition, else the original itself. */
async function pictures(images: SelectedArticle['images'], ctx: GatewayContext): Promise<SeoPicture[]> {
  const urls = imageUrls(ctx.config);
  const found = await Promise.all(
    images.map(async (image): Promise<SeoPicture | null> => {
      const alt = image.alt ?? image.caption;
      const [rendition] = (await urls.renditionsOf(image, 'JPEG', 1280)) ?? [];
      if (rendition) return { url: rendition.url, width: rendition.width, height: rendition.height, caption: image.caption, alt };
      if (!image.src || !/^(https?:\/\/|\/)/.test(image.src)) return null;
      const url = image.src.startsWith('/') ? `${ctx.config.images.publicUrl}${image.src}` : image.src;
      return { url, width: image.width, height: image.height, caption: image.caption, alt };
    }),
  );
  return found.filter((picture) => picture !== null);
}

async function seoArticle(article: SelectedArticle, ctx: GatewayContext): Promise<SeoArticle> {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    lead: article.lead,
    dateline: article.dateline,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    author: article.author,
    category: article.category,
    tags: article.tags.map((articleTag) => articleTag.tag.name),
    pictures: await pictures(article.images, ctx),
  };
}

const SeoImage = builder.objectRef<SeoPicture>('SeoImage').implement({
  description: 'A picture for a link preview: an absolute URL with its size.',
  fields: (t) => ({
    url: t.exposeString('url'),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    alt: t.exposeString('alt', { nullable: true }),
  }),
});

const OpenGraph = builder.objectRef<ArticleSeoFields['openGraph']>('OpenGraph').implement({
  description: 'Open Graph (og:*, article:*) properties of an article page, for <meta property="…" content="…">.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'og:type: "article".' }),
    title: t.exposeString('title', { description: 'og:title.' }),
    description: t.exposeString('description', { description: 'og:description.' }),
    url: t.exposeString('url', { description: 'og:url: the canonical URL.' }),
    siteName: t.exposeString('siteName', { description: 'og:site_name (SITE_NAME).' }),
    locale: t.exposeString('locale', { description: 'og:locale: "vi_VN".' }),
    image: t.field({ type: SeoImage, nullable: true, description: 'og:image (with :width, :height, :alt).', resolve: (og) => og.image }),
    publishedTime: t.exposeString('publishedTime', { nullable: true, description: 'article:published_time, +07:00.' }),
    modifiedTime: t.exposeString('modifiedTime', { description: 'article:modified_time, +07:00.' }),
    section: t.exposeString('section', { nullable: true, description: 'article:section.' }),
    tags: t.exposeStringList('tags', { description: 'article:tag, one meta each.' }),
    authors: t.exposeStringList('authors', { description: "article:author: the author's page." }),
  }),
});

const TwitterCard = builder.objectRef<ArticleSeoFields['twitter']>('TwitterCard').implement({
  description: 'Twitter/X card properties (twitter:*), for <meta name="…" content="…">.',
  fields: (t) => ({
    card: t.exposeString('card', { description: '"summary_large_image" with a picture, else "summary".' }),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    image: t.exposeString('image', { nullable: true }),
    imageAlt: t.exposeString('imageAlt', { nullable: true }),
  }),
});

const ArticleSeo = builder.objectRef<ArticleSeoFields>('ArticleSeo').implement({
  description: "What an article page's <head> needs besides the JSON-LD.",
  fields: (t) => ({
    canonicalUrl: t.exposeString('canonicalUrl', {
      description: 'SITE_URL + SITE_ARTICLE_PATH, for <link rel="canonical">: one URL per article, whatever the path it was reached by.',
    }),
    title: t.exposeString('title', { description: 'For <title>: "headline – site name".' }),
    description: t.exposeString('description', {
      description: 'For <meta name="description">: the lead, cut at a word before 160 characters.',
    }),
    openGraph: t.field({ type: OpenGraph, resolve: (seo) => seo.openGraph }),
    twitter: t.field({ type: TwitterCard, resolve: (seo) => seo.twitter }),
  }),
});

builder.prismaObjectFields('Article', (t) => ({
  structuredData: t.field({
    type: 'JSON',
    description:
      'schema.org NewsArticle as JSON-LD, for <script type="application/ld+json">: headline, datePublished/dateModified ' +
      '(+07:00), author, image (renditions), articleSection, keywords (tags), publisher (SITE_NAME, SITE_LOGO_URL), ' +
      'mainEntityOfPage (the canonical URL).',
    select: SEO_SELECT,
    resolve: async (article, _args, ctx) => newsArticleJsonLd(await seoArticle(article, ctx), ctx.config.site),
  }),
  seo: t.field({
    type: ArticleSeo,
    description: 'Canonical URL, title, description, Open Graph and Twitter card of the article page.',
    select: SEO_SELECT,
    resolve: async (article, _args, ctx) => articleSeo(await seoArticle(article, ctx), ctx.config.site),
  }),
}));
