/** One Swift s3api for this package's whole test run; test files reach it with `inject("sharedSwift")`. */
export { setupSharedSwift as setup } from "@rds-log-archive/testkit";
