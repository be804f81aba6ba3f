/**
 * The gateway's envelop/yoga plugins, in order. Each concern lives in its own module; this
 * list is the one place that says what runs and in which order.
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ArticleEventBus } from '../events/article-events.js';
import { useGraphiqlAssets } from './graphiql-assets.js';

export interface PluginDependencies {
  config: Config;
  db: Database;
  events: ArticleEventBus;
}

// Plugins are typed for their own context needs; yoga accepts them all on one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function gatewayPlugins({ config }: PluginDependencies): Plugin<any>[] {
  return [
    // GraphiQL's script, styles and editor workers come from this server, not from a CDN.
    ...(config.production ? [] : [useGraphiqlAssets()]),
  ];
}
