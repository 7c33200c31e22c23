import Foundation
import SonarflowTesting
import Testing

/// `sonarflow --version`: the release and the commit the binary was built from.
@Suite struct VersionFlagTests {
  let sonarflow: CommandRunner

  init() throws {
    sonarflow = try CommandRunner()
  }

  @Test func printsTheVersionAndTheCommit() async throws {
    let result = try await sonarflow.run(["--version"])
    #expect(result.exitCode == 0)
    let line = result.standardOutput.trimmingCharacters(in: .newlines)
    let match = try #require(line.wholeMatch(of: /(\d+\.\d+\.\d+) \(([0-9a-f]{7,40}|unknown)\)/))
    let commit = String(match.output.2)
    // Built from this checkout (not a binary given in SONARFLOW_BINARY): its HEAD, when git can tell.
    guard ProcessInfo.processInfo.environment["SONARFLOW_BINARY"] == nil, let head = try gitHead() else { return }
    #expect(head.hasPrefix(commit), "built from \(commit), the checkout is at \(head)")
  }

  /// `git rev-parse HEAD` in the repository, nil when it is not a git checkout or git is missing.
  private func gitHead() throws -> String? {
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    git.arguments = ["git", "-C", Fixture.repositoryRoot.path, "rev-parse", "HEAD"]
    let output = Pipe()
    git.standardOutput = output
    git.standardError = FileHandle.nullDevice
    try ProcessLaunch.run(git)
    let data = output.fileHandleForReading.readAll()
    git.waitUntilExit()
    guard git.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
