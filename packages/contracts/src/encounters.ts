// STUB (issue 6 foundation): the encounters area's contracts; its owner fills this file.
export {};
