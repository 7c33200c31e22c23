// Test helper for HistoryTests' kill -9 test; not part of sonarflow.
//
// Usage: HistoryCrashHelper DATABASE [WORKERS] [full|normal]
//
// Opens the SQLite history at DATABASE, begins one execution it never finishes, then runs WORKERS
// concurrent loops that each begin an execution, wait a little, and finish it, forever. After
// each call returns it writes one line to stdout with write(2) (no buffering, so a SIGKILL loses
// nothing already reported): `begun ID` or `finished ID`.
import Foundation
import History
import SQLiteHistory

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func report(_ line: String) {
  let bytes = Array((line + "\n").utf8)
  bytes.withUnsafeBytes { buffer in
    var offset = 0
    while offset < buffer.count {
      let written = write(1, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if written <= 0 { exit(3) }
      offset += written
    }
  }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data("usage: HistoryCrashHelper DATABASE [WORKERS]\n".utf8))
  exit(2)
}
let workers = arguments.count >= 3 ? Int(arguments[2]) ?? 8 : 8
let durability = arguments.count >= 4 ? SQLiteHistory.Durability(rawValue: arguments[3]) ?? .normal : .normal

func record(id: String, status: ExecutionStatus, operations: Int) -> ExecutionRecord {
  let bundle = Data(#"{"customer":{"phone_number":"+15550001"},"id":"\#(id)"}"#.utf8)
  return ExecutionRecord(
    id: id, scenarioName: "Crash", scenarioFile: "crash.yaml", contentHash: "00", trigger: "sonar.watchNewCustomer",
    status: status, startedAt: Date(), finishedAt: status == .running ? nil : Date(),
    operations: operations, dataSize: bundle.count * (operations + 1), triggerBundle: bundle,
    operationLog: (0..<operations).map { index in
      OperationRecord(
        sequence: index + 1, moduleID: index + 2, moduleName: "sonar.sendMessage", input: bundle,
        output: Data("[\(String(decoding: bundle, as: UTF8.self))]".utf8), duration: .microseconds(150))
    })
}

do {
  let store = try SQLiteHistory(path: arguments[1], durability: durability)
  let stuck = "stuck-\(UUID().uuidString)"
  try await store.begin(record(id: stuck, status: .running, operations: 0))
  report("begun \(stuck)")
  try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<workers {
      group.addTask {
        var counter = 0
        while true {
          counter += 1
          let id = "w\(worker)-\(counter)-\(UUID().uuidString.prefix(8))"
          try await store.begin(record(id: id, status: .running, operations: 0))
          report("begun \(id)")
          try await Task.sleep(for: .milliseconds(Int.random(in: 0...5)))
          try await store.finish(record(id: id, status: .success, operations: 4))
          report("finished \(id)")
        }
      }
    }
    try await group.waitForAll()
  }
} catch {
  FileHandle.standardError.write(Data("HistoryCrashHelper: \(error)\n".utf8))
  exit(1)
}
