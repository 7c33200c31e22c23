import Foundation
import History
import SQLiteHistory
import SonarflowTesting
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real child process (`HistoryCrashHelper`) records executions with concurrent workers and is
/// killed with SIGKILL mid-write. Every execution whose `finish` had returned must be in the file,
/// finished; every one begun but not finished must become `interrupted` at the next start.
@Suite struct CrashDurabilityTests {
  /// The child's stdout, read on a thread of its own so the pipe never fills.
  private final class OutputReader: Sendable {
    private let state = Mutex((text: "", isClosed: false))

    init(_ handle: FileHandle) {
      let thread = Thread { [self] in
        while true {
          let data = handle.availableData
          if data.isEmpty { break }
          self.state.withLock { $0.text += String(decoding: data, as: UTF8.self) }
        }
        self.state.withLock { $0.isClosed = true }
      }
      thread.start()
    }

    var text: String { state.withLock { $0.text } }
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Complete lines only: a line cut by the kill was never fully reported.
    func lines(withPrefix prefix: String) -> [String] {
      let text = self.text
      let complete = text.hasSuffix("\n") ? text : String(text[..<(text.lastIndex(of: "\n") ?? text.startIndex)])
      return complete.split(separator: "\n").compactMap { line in
        line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
      }
    }
  }

  @Test(.timeLimit(.minutes(2)), arguments: SQLiteHistory.Durability.allCases)
  func finishedExecutionsSurviveKill9(_ durability: SQLiteHistory.Durability) async throws {
    let folder = try Fixture.temporaryDirectory("history-crash")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("history.sqlite").path

    let child = Process()
    child.executableURL = try BuiltExecutable.url(named: "HistoryCrashHelper")
    child.arguments = [path, "16", durability.rawValue]
    let stdout = Pipe()
    let stderr = Pipe()
    child.standardOutput = stdout
    child.standardError = stderr
    try ProcessLaunch.run(child)
    let output = OutputReader(stdout.fileHandleForReading)

    // Let it commit a few hundred executions, then kill it while its workers are mid-write.
    let deadline = ContinuousClock.now + .seconds(60)
    while output.lines(withPrefix: "finished ").count < 300, child.isRunning, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(20))
    }
    let wasRunning = child.isRunning
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    while !output.isClosed { try await Task.sleep(for: .milliseconds(10)) }
    let errors = String(decoding: stderr.fileHandleForReading.readAll(), as: UTF8.self)
    try #require(wasRunning, "the helper stopped by itself: \(errors)")
    #expect(child.terminationReason == .uncaughtSignal)
    #expect(child.terminationStatus == SIGKILL)

    let finished = output.lines(withPrefix: "finished ")
    let begun = output.lines(withPrefix: "begun ")
    try #require(finished.count >= 300, "only \(finished.count) finished before the deadline")

    // Reopen as the next `sonarflow run` would: alone on the file, it marks what was left running.
    let store = try SQLiteHistory(path: path)
    #expect(try await store.executions(matching: HistoryQuery(status: .running, limit: 10_000)).isEmpty)
    let running = try await store.executions(matching: HistoryQuery(status: .interrupted, limit: 10_000))
    #expect(running.contains { $0.id.hasPrefix("stuck-") })
    #expect(store.interruptedAtOpen == running.count)
    #expect(store.interruptedAtOpen >= 1)

    for id in finished {
      let record = try await store.execution(id: id)
      #expect(record?.status == .success, "\(id) was reported finished")
      #expect(record?.operationLog.count == 4, "\(id) keeps its operations")
    }
    let finishedSet = Set(finished)
    for id in begun where !finishedSet.contains(id) {
      let status = try await store.execution(id: id)?.status
      // Killed between the commit and the report, it may have finished; otherwise interrupted.
      #expect(status == .interrupted || status == .success, "\(id): \(String(describing: status))")
    }
    #expect(try await store.executions(matching: HistoryQuery(status: .running)).isEmpty)
    let all = try await store.executions(matching: HistoryQuery(limit: 100_000))
    #expect(all.allSatisfy { [.success, .interrupted].contains($0.status) })
  }
}
