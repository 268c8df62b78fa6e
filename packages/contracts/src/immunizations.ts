// STUB (issue 6 foundation): the immunizations area's contracts; its owner fills this file.
export {};
