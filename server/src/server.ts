/**
 * The language server's entry point. Any editor can start it: `node dist/server.js --stdio`
 * (or --node-ipc, --socket=PORT), as vscode-languageserver reads the transport from the arguments.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { EntriesLanguageServer } from './lsp/languageServer';
import { RequestsInFlight } from './lsp/requestsInFlight';

const requests = new RequestsInFlight();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: requests });
new EntriesLanguageServer(connection, requests);
connection.listen();
