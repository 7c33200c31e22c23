package import Basics
public import Foundation

/// Seeded, bounded fuzzing for the test suites: the same seed gives the same inputs, so a failure
/// is replayed with `SONARFLOW_FUZZ_SEED=<seed> swift test --filter <suite>`.
///
/// `SONARFLOW_FUZZ_SEED` fixes the seed (otherwise each run draws one and every failure message
/// names it); `SONARFLOW_FUZZ_ITERATIONS` overrides a suite's iteration count (a longer local run).
public struct Fuzzing: Sendable {
  public let seed: UInt64
  public let iterations: Int

  public init(defaultIterations: Int) {
    let environment = ProcessInfo.processInfo.environment
    seed = environment["SONARFLOW_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    iterations = environment["SONARFLOW_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? defaultIterations
  }

  /// For failure messages: how to run the same inputs again.
  public var replay: String { "replay with SONARFLOW_FUZZ_SEED=\(seed) SONARFLOW_FUZZ_ITERATIONS=\(iterations)" }

  package func generator() -> SeededGenerator { SeededGenerator(seed: seed) }

  /// The resident memory of process `pid` (this one by default), from /proc (Linux), in bytes.
  public static func residentBytes(of pid: Int32? = nil) -> Int {
    let path = "/proc/\(pid.map(String.init) ?? "self")/statm"
    guard let statm = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}

/// The seeded generator of the fuzz tests: Basics' SplitMix64, also behind the retry jitter.
package typealias SeededGenerator = SplitMix64

/// Mutations of bytes, the way a fuzzer damages valid input: flips, insertions of interesting
/// characters, deletions, duplicated and truncated stretches.
public enum Mutation {
  /// `input` after 1 to 8 random mutations, using `interesting` for insertions.
  package static func mutate(
    _ input: [UInt8], interesting: [[UInt8]], using generator: inout SeededGenerator
  ) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...8, using: &generator) {
      let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
      switch Int.random(in: 0..<6, using: &generator) {
      case 0 where !bytes.isEmpty:
        bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
      case 1:
        bytes.insert(contentsOf: interesting.randomElement(using: &generator) ?? [], at: position)
      case 2 where !bytes.isEmpty:
        let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
        bytes.removeSubrange(position..<end)
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
        bytes.insert(contentsOf: Array(bytes[position..<end]), at: position)
      case 4:
        bytes = Array(bytes.prefix(position))
      default:
        bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
      }
    }
    return bytes
  }
}
