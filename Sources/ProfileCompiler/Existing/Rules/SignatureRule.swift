import Diagnostics
import PropertyList

/// A signed profile is read, not verified: a note names the signer.
public struct SignatureRule: PlistRule {
  public static let codes: [DiagnosticDescriptor] = [.plistSignatureNotVerified]
  public init() {}

  public func check(
    _ plist: ExistingPlist, _ context: ValidationContext, _ out: inout DiagnosticBag
  ) {
    guard let signature = plist.read.signature else { return }
    out.emit(
      .plistSignatureNotVerified,
      "signed by \(signature.signerSubject ?? "an unknown signer"); signature not verified", nil,
      notes: ["profilec reads the profile inside the signature; openssl cms -verify checks it"])
  }
}
