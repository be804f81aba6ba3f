/** What GraphiQL opens with: the reference article's page, as a web frontend fetches it. */
export const defaultGraphiqlQuery = /* GraphQL */ `
  # An article page: the article, its byline, tags, section, pictures and "other news".
  # Press ▶ to run it. Try "articles(first: 5)" or "tag(slug: \\"luc-yen\\")" next.
  query ArticlePage($slug: String = "luc-yen-co-tren-400-mo-hinh-dan-van-kheo") {
    article(slug: $slug) {
      id
      title
      url
      dateline
      publishedAt
      publishedAtText
      readingTimeMinutes
      lead
      body {
        kind
        text
      }
      images {
        src
        caption
      }
      author {
        name
        url
      }
      category {
        name
        url
      }
      tags {
        name
        slug
      }
      relatedArticles(first: 6) {
        title
        url
        publishedAtText
      }
    }
  }
`;
