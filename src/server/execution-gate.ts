/**
 * A plugin that refuses an operation before anything resolves when a judge finds errors in it.
 * A verdict depends on the document, the operation and the variables only, and clients send the
 * same few documents over and over; yoga's parse cache hands back the same document object for
 * the same text, so verdicts are kept per document object and variables. Walking the document
 * again on every request was a tenth of the CPU of a response-cache hit.
 */
import type { ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const MAX_VARIABLE_SETS_PER_DOCUMENT = 500;
const MAX_CACHED_KEY_LENGTH = 4096;

export function executionGatePlugin(judge: (args: ExecutionArgs) => readonly GraphQLError[]): Plugin {
  const verdicts = new WeakMap<object, Map<string, readonly GraphQLError[]>>();
  const check = (args: ExecutionArgs): readonly GraphQLError[] => {
    let byVariables = verdicts.get(args.document);
    if (!byVariables) verdicts.set(args.document, (byVariables = new Map()));
    const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    let errors = byVariables.get(key);
    if (!errors) {
      errors = judge(args);
      if (byVariables.size >= MAX_VARIABLE_SETS_PER_DOCUMENT) byVariables.clear();
      // Huge variables (20,000 ids) are judged each time rather than kept as a key.
      if (key.length <= MAX_CACHED_KEY_LENGTH) byVariables.set(key, errors);
    }
    return errors;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
