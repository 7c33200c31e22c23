import Basics
import Foundation
import Synchronization

/// What `uuid` and `random` give: random, or, inside ``run(with:_:)`` (`sonarflow test`), the
/// same every run — ids counting up from `00000000-0000-4000-8000-000000000001` and numbers from a
/// fixed seed — so that what a case records repeats. A task-local: it reaches every evaluation of
/// the execution the body runs, and nothing else.
package enum Reproducible {
  /// The ids and numbers of one execution.
  package final class Source: Sendable {
    private let state = Mutex((nextID: 1, generator: SplitMix64(seed: 0x50_4E_41_52)))

    package init() {}

    func id() -> String {
      let number = state.withLock { state in
        defer { state.nextID += 1 }
        return state.nextID
      }
      return SequentialID.text(number)
    }

    func random() -> Double {
      state.withLock { state in Double.random(in: 0..<1, using: &state.generator) }
    }
  }

  @TaskLocal private static var source: Source?

  /// Runs `body` with `uuid` and `random` taken from `source`.
  package static func run<T: Sendable>(with source: Source, _ body: () async throws -> T) async rethrows -> T {
    try await $source.withValue(source, operation: body)
  }

  /// A new id for `uuid`.
  static func id() -> String {
    source?.id() ?? UUIDText.random()
  }

  /// A number in [0, 1) for `random`.
  static func random() -> Double {
    source?.random() ?? Double.random(in: 0..<1)
  }
}
