public import Foundation

/// Runs Python's sqlite3 module on a history file, as an outside tool would: `script` is given to
/// `python3 -c` with the file's path as `sys.argv[1]`.
public enum SQLiteScript {
  public enum Failure: Error, CustomStringConvertible {
    case exited(status: Int32, script: String)

    public var description: String {
      switch self {
      case .exited(let status, let script): "python3 exited with \(status) running: \(script)"
      }
    }
  }

  /// What the script printed, without its surrounding white space; throws when python3 fails.
  public static func run(_ script: String, on databasePath: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, databasePath]
    let output = Pipe()
    process.standardOutput = output
    try ProcessLaunch.run(process)
    let data = output.fileHandleForReading.readAll()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure.exited(status: process.terminationStatus, script: script)
    }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
