/** The GraphQL schema: the builder plus one module per type. */
import { lexicographicSortSchema, specifiedDirectives } from 'graphql';
import { builder } from './builder.js';
import { deferDirective, streamDirective } from './directives.js';
import './scalars.js';
import './article.js';
import './image-renditions.js';
import './structured-data.js';
import './tag.js';
import './author.js';
import './category.js';
import './related.js';
import './archive.js';
import './search.js';
import './editorial/errors.js';
import './editorial/article-mutations.js';
import './editorial/taxonomy-mutations.js';
import './editorial/editor.js';
import './editorial/publication-events.js';

/** With `@defer` and `@stream` (src/schema/directives.ts). */
export const schema = builder.toSchema({ directives: [...specifiedDirectives, deferDirective, streamDirective] });

/** Stable order for the printed SDL, so schema.graphql diffs only when the API changes. */
export const sortedSchema = lexicographicSortSchema(schema);
