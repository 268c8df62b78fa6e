// Web component tests run in happy-dom; shared setup goes here.
export {};
