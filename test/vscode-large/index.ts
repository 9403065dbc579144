// The mocha runner of the large-workspace suite: the same as the main suite's, run on the test files beside it.
export { run } from '../vscode/index';
