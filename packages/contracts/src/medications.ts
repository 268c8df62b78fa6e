// STUB (issue 6 foundation): the medications area's contracts; its owner fills this file.
export {};
