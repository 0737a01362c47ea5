/** Why Swift could not be started; `hint` says what to look at. */
export class SwiftS3Error extends Error {
  override name = "SwiftS3Error";
  readonly code: "SWIFT_SETUP_FAILED" | "SWIFT_EXITED" | "SWIFT_NOT_READY";
  readonly hint: string;

  constructor(code: SwiftS3Error["code"], message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.hint = hint;
  }
}
