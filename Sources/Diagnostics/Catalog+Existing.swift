// PC50xx: reading existing profiles (`.mobileconfig` files in XML, binary or CMS-signed form).
// PC5001–PC5015 belong to the property-list readers; PC5016 and up to the profile-level
// checks of `lint` and `import` (Sources/ProfileCompiler/Existing).

private let appleHeader = """
  <?xml version="1.0" encoding="UTF-8"?>
  <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
  <plist version="1.0">
  """

extension DiagnosticDescriptor {
  public static let notAPropertyList = DiagnosticDescriptor(
    "PC5001", .error, "not a property list",
    explanation: """
      A `.mobileconfig` file is an XML property list, a binary property list (`bplist00`) \
      or one of those wrapped in a CMS signature. The file is none of them: it is empty, \
      its root element is not `<plist>` or a plist value, or it is text in another format. \
      Check that the file was not truncated or replaced by an HTML error page when it was \
      downloaded.
      """,
    bad: "<html>\n<body>404 Not Found</body>\n</html>",
    fixed: appleHeader + "\n<dict/>\n</plist>",
    exampleLanguage: "xml")

  public static let plistMalformedXML = DiagnosticDescriptor(
    "PC5002", .error, "malformed XML",
    explanation: """
      The property list is not well-formed XML: a tag is not closed, a closing tag names \
      another element, a `<` or `>` is missing, or the text is not valid UTF-8. Apple's \
      devices refuse such a profile. The diagnostic points at the first place the reader \
      could not go on; a note says where the element that is still open started.
      """,
    bad: appleHeader
      + "\n<dict>\n\t<key>PayloadDisplayName</key>\n\t<string>Wi-Fi/string>\n</dict>\n</plist>",
    fixed: appleHeader
      + "\n<dict>\n\t<key>PayloadDisplayName</key>\n\t<string>Wi-Fi</string>\n</dict>\n</plist>",
    exampleLanguage: "xml")

  public static let plistDoctypeInternalSubset = DiagnosticDescriptor(
    "PC5003", .error, "DOCTYPE with an internal subset",
    explanation: """
      A DOCTYPE may name Apple's DTD, but it may not declare anything itself (`[...]`, \
      `<!ENTITY ...>`). Entity declarations are how XML bombs expand a small file into \
      gigabytes and how external entities read local files, so profilec rejects them \
      without expanding anything. Property lists never need them.
      """,
    bad:
      "<?xml version=\"1.0\"?>\n<!DOCTYPE plist [\n  <!ENTITY org \"Contoso\">\n]>\n<plist version=\"1.0\">\n<string>&org;</string>\n</plist>",
    fixed: appleHeader + "\n<string>Contoso</string>\n</plist>",
    exampleLanguage: "xml")

  public static let plistUnknownEntity = DiagnosticDescriptor(
    "PC5004", .error, "unknown entity reference",
    explanation: """
      XML knows five named entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) and numeric \
      character references (`&#10;`, `&#x41;`). Any other `&name;`, or an `&` that starts \
      none of these, is an error. Write a literal `&` as `&amp;`.
      """,
    bad: appleHeader + "\n<string>Tom &nbsp; Jerry &co</string>\n</plist>",
    fixed: appleHeader + "\n<string>Tom &#160; Jerry &amp;co</string>\n</plist>",
    exampleLanguage: "xml")

  public static let plistLeadingWhitespace = DiagnosticDescriptor(
    "PC5005", .warning, "whitespace before the XML declaration",
    explanation: """
      XML requires `<?xml ...?>` to be the very first thing in the file. Apple's parser \
      tolerates whitespace before it, so devices install the profile, but strict XML \
      tools and Python's plistlib refuse the file. Remove the whitespace.
      """,
    bad:
      "  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n  <plist version=\"1.0\">\n  <dict/>\n  </plist>",
    fixed: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict/>\n</plist>",
    exampleLanguage: "xml")

  public static let plistInvalidStructure = DiagnosticDescriptor(
    "PC5006", .error, "invalid property-list structure",
    explanation: """
      The XML is well formed but is not a property list: an element plists do not know \
      (`<str>`, `<bool>`), text between the entries of a `<dict>` or `<array>`, a value in \
      a `<dict>` without its `<key>`, a `<key>` without a value, or more than one value in \
      `<plist>`. Inside a dictionary, every `<key>` is followed by exactly one value.
      """,
    bad: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n</dict>\n</plist>",
    fixed: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n</dict>\n</plist>",
    exampleLanguage: "xml")

  public static let plistDuplicateKey = DiagnosticDescriptor(
    "PC5007", .error, "duplicate key in a dictionary",
    explanation: """
      A key may appear once in a `<dict>`. Readers disagree about which value wins (Python \
      keeps the last one), so a profile with duplicates may not mean what its author \
      thinks. Keep one of them.
      """,
    bad: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n\t<key>PayloadVersion</key>\n\t<integer>2</integer>\n</dict>\n</plist>",
    fixed: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>",
    exampleLanguage: "xml")

  public static let plistIntegerOutOfRange = DiagnosticDescriptor(
    "PC5008", .error, "integer out of range",
    explanation: """
      profilec holds integers as signed 64-bit values, from -9223372036854775808 to \
      9223372036854775807; no payload key needs more. A larger value is usually a \
      mistyped number or a string that should be `<string>`.
      """,
    bad: appleHeader + "\n<integer>18446744073709551616</integer>\n</plist>",
    fixed: appleHeader + "\n<integer>9223372036854775807</integer>\n</plist>",
    exampleLanguage: "xml")

  public static let plistInvalidValue = DiagnosticDescriptor(
    "PC5009", .error, "invalid value text",
    explanation: """
      The text of a typed element does not have its type's form. `<integer>` holds a \
      decimal number or `0x` hexadecimal; `<real>` a decimal number, `inf` or `nan`; \
      `<date>` `YYYY-MM-DDTHH:MM:SSZ` in UTC (later parts may be left out); `<data>` \
      base64, with whitespace allowed between the characters.
      """,
    bad: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<integer>1.0</integer>\n</dict>\n</plist>",
    fixed: appleHeader
      + "\n<dict>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>",
    exampleLanguage: "xml")

  public static let plistMalformedBinary = DiagnosticDescriptor(
    "PC5010", .error, "malformed binary property list",
    explanation: """
      The file starts with `bplist00` but its trailer, offset table or objects are \
      inconsistent: an offset or reference points outside the file, a length runs past \
      the end, an object refers to itself, a dictionary key is not a string, or it holds \
      an object type property lists do not use (null, UID, set). The message gives the \
      byte offset. Re-export the profile, or convert it to XML with \
      `plutil -convert xml1`, to see what it holds.
      """,
    bad:
      "$ xxd broken.mobileconfig | tail -2   # the trailer's object count is larger than the file",
    fixed: "$ plutil -convert xml1 -o fixed.mobileconfig original.mobileconfig",
    exampleLanguage: "sh")

  public static let plistMalformedCMS = DiagnosticDescriptor(
    "PC5011", .error, "malformed signed profile",
    explanation: """
      The file starts like DER (a signed profile is a CMS `SignedData` structure), but it \
      could not be unwrapped: a length runs past the end of the file, it is not \
      `SignedData`, or it carries no embedded content (a detached signature). The message \
      gives the byte offset. profilec does not verify signatures; it only reads the \
      profile inside.
      """,
    bad: "$ head -c 2000 signed.mobileconfig > truncated.mobileconfig",
    fixed:
      "$ openssl cms -verify -noverify -inform DER -in signed.mobileconfig -out plain.mobileconfig",
    exampleLanguage: "sh")

  public static let plistNestingTooDeep = DiagnosticDescriptor(
    "PC5012", .error, "property list nested too deep",
    explanation: """
      Dictionaries and arrays nested deeper than 64 levels (see docs/limits.md) are \
      rejected so that hostile input cannot exhaust the stack. Real profiles nest fewer \
      than ten levels.
      """,
    bad: appleHeader
      + "\n<array><array><array><array> ... (65 levels) ... </array></array></array></array>\n</plist>",
    fixed: appleHeader + "\n<array>\n\t<string>com.contoso.app</string>\n</array>\n</plist>",
    exampleLanguage: "xml")

  public static let plistTooLarge = DiagnosticDescriptor(
    "PC5013", .error, "property list too large",
    explanation: """
      The file, one string or data value in it, or the number of objects it holds is over \
      profilec's limits (64 MiB per file, 32 MiB per value, one million objects; see \
      docs/limits.md). Profiles are small; a file this large is damaged or is not a \
      profile.
      """,
    bad: "$ ls -l huge.mobileconfig   # 200 MB",
    fixed: "$ ls -l contoso.mobileconfig   # a few KB",
    exampleLanguage: "sh")

  public static let plistSignatureNotVerified = DiagnosticDescriptor(
    "PC5014", .note, "signature not verified",
    explanation: """
      The profile is CMS-signed. profilec reads the profile inside the signature and names \
      the signer's certificate, but it does not check the signature or the certificate \
      chain. To verify it, run \
      `openssl cms -verify -inform DER -in FILE -CAfile ROOTS.pem -out /dev/null`.
      """,
    bad: "$ profilec lint signed.mobileconfig   # signed by CN=profiles.contoso.com",
    fixed:
      "$ openssl cms -verify -inform DER -in signed.mobileconfig -CAfile roots.pem -out /dev/null",
    exampleLanguage: "sh")

  public static let plistUnsupportedEncoding = DiagnosticDescriptor(
    "PC5015", .error, "unsupported text encoding",
    explanation: """
      profilec reads XML property lists in UTF-8 (or plain ASCII), which is what Apple's \
      tools write. A file declared or saved as UTF-16, Latin-1 or another encoding holding \
      non-ASCII text must be converted to UTF-8 first, for example with \
      `iconv -f UTF-16 -t UTF-8`, and its declaration changed to `encoding="UTF-8"`.
      """,
    bad:
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<plist version=\"1.0\">\n<string>Caf\\xE9</string>\n</plist>",
    fixed:
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<string>Café</string>\n</plist>",
    exampleLanguage: "xml")

  public static let notAConfigurationProfile = DiagnosticDescriptor(
    "PC5016", .error, "not a configuration profile",
    explanation: """
      A configuration profile is a dictionary whose `PayloadType` is exactly \
      `Configuration`; the payloads sit in its `PayloadContent`. A file whose root is an \
      array or a string, or whose top-level `PayloadType` is missing or names something \
      else (a single payload saved on its own, a preference file, a typo), is refused by \
      devices. Wrap a lone payload in a profile dictionary, or correct the type.
      """,
    bad: appleHeader
      + "\n<dict>\n\t<key>PayloadType</key>\n\t<string>configuration</string>\n\t...\n</dict>\n</plist>",
    fixed: appleHeader
      + "\n<dict>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n\t...\n</dict>\n</plist>",
    exampleLanguage: "xml")

  public static let unsupportedPayloadVersion = DiagnosticDescriptor(
    "PC5017", .error, "PayloadVersion is not 1",
    explanation: """
      Every profile and every payload states the version of its format in \
      `PayloadVersion`, and the only version Apple defines is the integer 1. Devices \
      refuse a profile with another number (or with the number written as a string), so \
      an editor or script that bumps it to count revisions breaks the profile. Keep it at \
      1; a device tells revisions apart by PayloadUUID.
      """,
    bad: "\t<key>PayloadVersion</key>\n\t<integer>2</integer>",
    fixed: "\t<key>PayloadVersion</key>\n\t<integer>1</integer>",
    exampleLanguage: "xml")

  public static let missingProfileKey = DiagnosticDescriptor(
    "PC5018", .error, "missing or empty profile key",
    explanation: """
      Some keys must be present, as non-empty text, in every profile: `PayloadIdentifier`, \
      `PayloadUUID`, `PayloadType`, `PayloadVersion` at the top level and in every \
      payload, plus the top-level `PayloadDisplayName` (the name Settings shows, which \
      profilec requires as a source's `name:`). Devices use identifier and UUID to \
      recognise a profile and its payloads when it is installed again or removed, so a \
      payload without them is rejected. Add the key.
      """,
    bad: "<dict>\n\t<key>PayloadType</key>\n\t<string>com.apple.dock</string>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>",
    fixed: "<dict>\n\t<key>PayloadIdentifier</key>\n\t<string>com.contoso.dock</string>\n\t<key>PayloadType</key>\n\t<string>com.apple.dock</string>\n\t<key>PayloadUUID</key>\n\t<string>0F2B7C4E-6A51-4E0B-9D3C-2B8A1E5F7C90</string>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>",
    exampleLanguage: "xml")

  public static let malformedPayloadUUID = DiagnosticDescriptor(
    "PC5019", .warning, "PayloadUUID not in UUID form",
    explanation: """
      A PayloadUUID is normally 32 hexadecimal digits grouped 8-4-4-4-12. Devices only \
      compare UUIDs for equality, so another text still installs, which is why this is a \
      warning; but MDM servers and other tools that parse UUIDs may reject the profile. \
      Under `--strict` it is an error. `uuidgen` makes a proper one.
      """,
    bad: "\t<key>PayloadUUID</key>\n\t<string>wifi-payload-1</string>",
    fixed: "\t<key>PayloadUUID</key>\n\t<string>5B0E6C1A-93F4-4D2B-8E7A-1C6D9F3B2A40</string>",
    exampleLanguage: "xml")

  public static let malformedPayloadContent = DiagnosticDescriptor(
    "PC5020", .error, "PayloadContent is not an array of payloads",
    explanation: """
      The top-level `PayloadContent` holds the profile's payloads: an array whose every \
      item is a payload dictionary. A profile without it (and not encrypted), with a \
      dictionary or string in its place, or with items that are not dictionaries, does not \
      install. A profile that configures nothing has an empty array.
      """,
    bad: "\t<key>PayloadContent</key>\n\t<dict>\n\t\t<key>PayloadType</key>\n\t\t<string>com.apple.dock</string>\n\t\t...\n\t</dict>",
    fixed: "\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n\t\t\t<key>PayloadType</key>\n\t\t\t<string>com.apple.dock</string>\n\t\t\t...\n\t\t</dict>\n\t</array>",
    exampleLanguage: "xml")

  public static let encryptedProfile = DiagnosticDescriptor(
    "PC5021", .error, "encrypted profile",
    explanation: """
      The profile carries its payloads in `EncryptedPayloadContent`, encrypted to one \
      device's certificate; only that device can read them. profilec cannot check, import \
      or compare what it cannot read. Lint the unencrypted profile the MDM server \
      encrypted it from.
      """,
    bad: "\t<key>EncryptedPayloadContent</key>\n\t<data>MIAGCSqGSIb3DQEHA6CAMIACAQAx...</data>",
    fixed: "\t<key>PayloadContent</key>\n\t<array>\n\t\t...\n\t</array>",
    exampleLanguage: "xml")
}

extension Catalog {
  static let existingProfileCodes: [DiagnosticDescriptor] = [
    .notAPropertyList, .plistMalformedXML, .plistDoctypeInternalSubset, .plistUnknownEntity,
    .plistLeadingWhitespace, .plistInvalidStructure, .plistDuplicateKey,
    .plistIntegerOutOfRange, .plistInvalidValue, .plistMalformedBinary, .plistMalformedCMS,
    .plistNestingTooDeep, .plistTooLarge, .plistSignatureNotVerified,
    .plistUnsupportedEncoding, .notAConfigurationProfile, .unsupportedPayloadVersion,
    .missingProfileKey, .malformedPayloadUUID, .malformedPayloadContent, .encryptedProfile,
  ]
}
