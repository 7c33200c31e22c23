import Synchronization

/// A transactional module's pending work in one execution (Make's ACID modules, such as the data
/// stores): kept until the execution ends, then committed or rolled back with it.
package protocol TransactionParticipant: Sendable {
  /// Makes the execution's work visible. A failure here is Make's `InconsistencyError`.
  func commit() async throws
  /// Drops the execution's work.
  func rollback() async
}

/// The transaction of one execution: the participants its transactional modules joined. The engine
/// makes one per execution and finishes it when the execution ends — commit when it ended in
/// success or warning (including the `commit` directive), rollback on error (including the
/// `rollback` directive and an unhandled error), interruption or a dry run.
package final class ExecutionTransaction: Sendable {
  /// `settings.autoCommit`: transactional modules commit each operation at once, not at the end.
  package let isAutoCommit: Bool
  /// Participants in the order they joined; a runner joins once per execution and key. A Mutex
  /// rather than an actor: runners look their participant up synchronously in each operation.
  private let participants = Mutex<[(key: String, participant: any TransactionParticipant)]>([])

  package init(isAutoCommit: Bool) {
    self.isAutoCommit = isAutoCommit
  }

  /// The participant joined under `key`, made by `make` on first use.
  package func participant<P: TransactionParticipant>(_ key: String, make: () -> P) -> P {
    participants.withLock { participants in
      if let found = participants.first(where: { $0.key == key })?.participant as? P { return found }
      let made = make()
      participants.append((key, made))
      return made
    }
  }

  /// Commits every participant in the order they joined; stops at the first failure.
  package func commit() async throws {
    for participant in takeParticipants() { try await participant.commit() }
  }

  /// Rolls every participant back.
  package func rollback() async {
    for participant in takeParticipants() { await participant.rollback() }
  }

  private func takeParticipants() -> [any TransactionParticipant] {
    participants.withLock { participants in
      defer { participants = [] }
      return participants.map(\.participant)
    }
  }
}
