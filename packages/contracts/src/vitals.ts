// STUB (issue 6 foundation): the vitals area's contracts; its owner fills this file.
export {};
