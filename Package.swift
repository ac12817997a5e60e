// swift-tools-version:6.0
// profilec: a compiler for Apple configuration profiles. No package dependencies:
// the standard library, Glibc/Dispatch and the toolchain's test frameworks only.
import PackageDescription

// The release binary links the Swift runtime statically so it can be copied to a CI
// runner that has no toolchain (issue 7). The core targets avoid Foundation entirely,
// which keeps the static binary small and start-up fast.
let staticRuntime: [LinkerSetting] = [.unsafeFlags(["-static-executable"], .when(platforms: [.linux]))]

let package = Package(
  name: "profilec",
  products: [
    .executable(name: "profilec", targets: ["profilec"]),
    .library(name: "ProfileCompiler", targets: ["ProfileCompiler"]),
  ],
  targets: [
    .target(name: "Diagnostics"),
    .target(name: "ProfileSyntax", dependencies: ["Diagnostics"]),
    .target(name: "PropertyList", dependencies: ["Diagnostics"]),
    .target(name: "ProfileSchemas", dependencies: ["Diagnostics"]),
    .target(
      name: "ProfileCompiler",
      dependencies: ["Diagnostics", "ProfileSyntax", "PropertyList", "ProfileSchemas"]),
    .executableTarget(
      name: "profilec", dependencies: ["ProfileCompiler", "ProfileSchemas", "Diagnostics"],
      linkerSettings: staticRuntime),

    .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
    .testTarget(name: "ProfileSyntaxTests", dependencies: ["ProfileSyntax"]),
    .testTarget(name: "PropertyListTests", dependencies: ["PropertyList"]),
    .testTarget(name: "ProfileSchemasTests", dependencies: ["ProfileSchemas"]),
    .testTarget(name: "ProfileCompilerTests", dependencies: ["ProfileCompiler", "ProfileSchemas"]),
    .testTarget(name: "ProfilecCLITests", dependencies: ["ProfileCompiler"]),
  ]
)
