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
    guard ProcessInfo.processInfo.environment["SONARFLOW_BINARY"] == nil, let head = try await gitHead() else { return }
    #expect(head.hasPrefix(commit), "built from \(commit), the checkout is at \(head)")
  }

  /// `git rev-parse HEAD` in the repository, nil when it is not a git checkout or git is missing.
  private func gitHead() async throws -> String? {
    guard
      let git = try? await CommandRunner.run(program: "git", ["-C", Fixture.repositoryRoot.path, "rev-parse", "HEAD"]),
      git.exitCode == 0
    else { return nil }
    return git.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
