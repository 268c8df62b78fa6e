// STUB (issue 6 foundation): the problems area's contracts; its owner fills this file.
export {};
