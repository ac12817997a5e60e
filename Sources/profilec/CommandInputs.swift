import Diagnostics
import ProfileCompiler

/// The files a command's arguments name: files as given, and for a folder every file
/// below it with the command's suffix (one expansion for compile, check, lint and fmt).
struct CommandInputs {
  struct Input {
    var path: String
    /// The folder given on the command line this file was found under (for --out-dir).
    var root: String?
  }

  var inputs: [Input] = []
  /// PC9006 for an empty folder, PC9001 for a missing argument, in argument order.
  var problems: [Diagnostic] = []
  var anyDirectory = false
  var anyMissing = false
  /// What each folder held when it was listed: outputs not there then need no `stat`.
  var listings = FolderListings()

  init(_ arguments: [String], suffix: String) {
    for arg in arguments {
      switch FileIO.kind(arg) {
      case .directory:
        anyDirectory = true
        let found = FileIO.findFiles(under: arg, suffix: suffix, listings: &listings)
        if found.isEmpty {
          var d = Diagnostic(.noSourcesFound, "no *\(suffix) files below '\(arg)'")
          d.fileName = arg
          problems.append(d)
        }
        inputs += found.map { Input(path: $0, root: arg) }
      case .missing:
        var d = Diagnostic(.unreadableInput, "'\(arg)' does not exist")
        d.fileName = arg
        problems.append(d)
        anyMissing = true
      default:
        inputs.append(Input(path: arg, root: nil))
      }
    }
  }
}
