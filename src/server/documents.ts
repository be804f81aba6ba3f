/**
 * What the caching plugins need to know of a request's document: its parsed form, its list
 * tags (src/cache/tags.ts) and, for a mutation, its root fields. Each distinct text is parsed
 * once (clients send few distinct documents).
 */
import { getOperationAST, Kind, parse, type DocumentNode, type OperationTypeNode } from 'graphql';
import { LIST_ARTICLE, LIST_AUTHOR, LIST_CATEGORY, LIST_TAG, listTagsOfDocument } from '../cache/tags.js';
import { schema } from '../schema/index.js';

export const ALL_LIST_TAGS = [LIST_ARTICLE, LIST_AUTHOR, LIST_CATEGORY, LIST_TAG];

interface DocumentInfo {
  document: DocumentNode | null;
  listTags: Set<string>;
}

export function createDocumentAnalyzer(max = 1000) {
  const memo = new Map<string, DocumentInfo>();
  const analyze = (text: string | undefined): DocumentInfo => {
    const key = text ?? '';
    let info = memo.get(key);
    if (info) return info;
    try {
      const document = parse(key, { noLocation: true });
      info = { document, listTags: listTagsOfDocument(schema, document) };
    } catch {
      // It will fail to execute; were it to run, every list tag over-purges rather than under.
      info = { document: null, listTags: new Set(ALL_LIST_TAGS) };
    }
    if (memo.size >= max) memo.clear();
    memo.set(key, info);
    return info;
  };
  const operation = (params: { query?: string; operationName?: string | null } | undefined) => {
    const { document } = analyze(params?.query);
    return document ? getOperationAST(document, params?.operationName ?? undefined) : null;
  };
  return {
    analyze,
    operation,
    /** Root fields of a mutation; null for any other operation. */
    mutationFields(params: { query?: string; operationName?: string | null } | undefined): string[] | null {
      const ast = operation(params);
      if (ast?.operation !== ('mutation' as OperationTypeNode)) return null;
      return ast.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
    },
  };
}

export type DocumentAnalyzer = ReturnType<typeof createDocumentAnalyzer>;
