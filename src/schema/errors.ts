/** The error catalogue (src/errors/catalogue.ts), as the schema's modules import it. */
export { ErrorCode, userError } from '../errors/catalogue.js';
