import Foundation
import History
import Synchronization
import Testing

@testable import Server

@Suite struct DeliveryStageTests {
  private func delivery(_ id: String) -> QueuedDelivery {
    QueuedDelivery(id: id, hook: "h", dedupeKey: id, body: "{}", receivedAt: Date())
  }

  /// A stand-in for the database's pending rows.
  final class Pending: Sendable {
    let rows = Mutex<[QueuedDelivery]>([])
    func read(_ limit: Int) -> [QueuedDelivery] { rows.withLock { Array($0.prefix(limit)) } }
    func done(_ id: String) { rows.withLock { $0.removeAll { $0.id == id } } }
  }

  @Test func overflowGoesToTheDatabaseAndIsReadBackOnce() async throws {
    let pending = Pending()
    let stage = DeliveryStage(capacity: 2) { limit in pending.read(limit) }
    var handedOut: [String] = []
    // Start: nothing pending; the first next() refills from the (empty) database and waits.
    for id in ["a", "b", "c", "d"] {
      let item = delivery(id)
      stage.reserve(id)
      pending.rows.withLock { $0.append(item) }
      stage.offer(item)
    }
    // Capacity 2: a, b in memory; c, d only in the database.
    #expect(stage.bufferedCount == 2)
    for _ in 0..<4 {
      let next = try #require(await stage.next())
      handedOut.append(next.id)
      pending.done(next.id)
      stage.finished(next.id)
    }
    #expect(handedOut == ["a", "b", "c", "d"])
    stage.close()
    #expect(await stage.next() == nil)
  }

  @Test func aRefillSkipsDeliveriesInFlight() async throws {
    let pending = Pending()
    pending.rows.withLock { $0 = [delivery("x"), delivery("y")] }
    let stage = DeliveryStage(capacity: 10) { limit in pending.read(limit) }
    let first = try #require(await stage.next())  // refill reads x and y
    #expect(first.id == "x")
    let second = try #require(await stage.next())
    #expect(second.id == "y")
    // x is still running (not done in the database): a new refill must not hand it out again.
    stage.abandoned("nothing")  // marks a backlog, forcing a refill
    pending.rows.withLock { $0.append(delivery("z")) }
    let third = try #require(await stage.next())
    #expect(third.id == "z")
    stage.close()
  }
}
