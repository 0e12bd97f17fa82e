export * from "./fakeAws";
export * from "./runtime";
export * from "./upstream";
export * from "./iam";
export * from "./configErrors";
export * from "./eventPattern";
