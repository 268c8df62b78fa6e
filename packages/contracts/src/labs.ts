// STUB (issue 6 foundation): the labs area's contracts; its owner fills this file.
export {};
