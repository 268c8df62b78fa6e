// STUB (issue 6 foundation): the allergies area's contracts; its owner fills this file.
export {};
