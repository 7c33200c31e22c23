public import Foundation

/// Locates test fixtures under `Tests/Fixtures/` and the repository's own folders.
///
/// SwiftPM resources cannot be shared across test targets, so the folder is found from this file's
/// path, which is stable within a checkout.
public enum Fixture {
  /// The repository root (the folder holding `Package.swift`).
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // SonarflowTesting
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()

  /// `Tests/Fixtures/<relativePath>`.
  public static func url(_ relativePath: String) -> URL {
    repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
  }

  /// The text of `Tests/Fixtures/<relativePath>`.
  public static func text(_ relativePath: String) throws -> String {
    try String(contentsOf: url(relativePath), encoding: .utf8)
  }

  /// A fresh empty temporary folder, removed by the caller when done.
  public static func temporaryDirectory(_ label: String = "sonarflow") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
