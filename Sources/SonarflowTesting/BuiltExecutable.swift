public import Foundation

/// Finds an executable that `swift build` put in the same build folder as the running tests (such
/// as a test helper target), the way ``CommandRunner`` finds `sonarflow`.
public enum BuiltExecutable {
  public struct NotFound: Error, CustomStringConvertible {
    public var name: String
    public var searched: [String]
    public var description: String {
      "the '\(name)' executable was not found (searched \(searched.joined(separator: ", "))); "
        + "build it with 'swift build' first"
    }
  }

  /// The executable `name` next to the test bundle, or in `.build/debug` / `.build/release`.
  public static func url(named name: String) throws -> URL {
    var candidates: [String] = []
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent(name).path)
      folder = folder.deletingLastPathComponent()
    }
    for scratch in [".build/debug", ".build/release"] {
      candidates.append(
        Fixture.repositoryRoot.appendingPathComponent(scratch).appendingPathComponent(name).path)
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { throw NotFound(name: name, searched: candidates) }
    return URL(fileURLWithPath: found)
  }
}
