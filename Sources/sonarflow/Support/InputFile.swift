import Foundation

/// A file argument that may be `-` for standard input (`run --bundle`, `eval --context`,
/// `import make`).
enum InputFile {
  /// The bytes of `path`, or of standard input for `-`; nil when the file cannot be read.
  static func data(_ path: String) -> Data? {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    return FileManager.default.contents(atPath: path)
  }
}
