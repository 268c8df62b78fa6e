// STUB (issue 6 foundation): the notes area's contracts; its owner fills this file.
export {};
