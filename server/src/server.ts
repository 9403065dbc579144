/**
 * The language server's entry point. Any editor can start it: `node dist/server.js --stdio`
 * (or --node-ipc, --socket=PORT), as vscode-languageserver reads the transport from the arguments.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { EntriesLanguageServer } from './lsp/languageServer';

const connection = createConnection(ProposedFeatures.all);
new EntriesLanguageServer(connection);
connection.listen();
