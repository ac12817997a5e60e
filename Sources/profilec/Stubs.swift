// Commands still being built in this session.
enum LintCommand { static func run(_ o: Options) throws -> Int32 { throw UsageError(message: "lint is not built yet", command: "lint") } }
enum ImportCommand { static func run(_ o: Options) throws -> Int32 { throw UsageError(message: "import is not built yet", command: "import") } }
enum DiffCommand { static func run(_ o: Options) throws -> Int32 { throw UsageError(message: "diff is not built yet", command: "diff") } }
enum FmtCommand { static func run(_ o: Options) throws -> Int32 { throw UsageError(message: "fmt is not built yet", command: "fmt") } }
enum SchemaCommand { static func run(_ o: Options) throws -> Int32 { throw UsageError(message: "schema is not built yet", command: "schema") } }
