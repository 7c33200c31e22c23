/// The term hashes of an execution, each once and sorted, without sorting every occurrence.
///
/// A record's bundles repeat most of their terms (field names in every bundle, the same phone
/// number in the trigger and in each operation), so sorting all occurrences and then dropping
/// neighbours sorted several times more values than it kept; that sort was about 6 % of a history
/// write (docs/benchmarks.md, "History: compression and search"). The hashes are uniform already
/// (FNV-1a), so their low bits index a small open-addressing table directly.
extension SearchTerms {
  static func uniqueSorted(_ hashes: [Int64]) -> [Int64] {
    guard hashes.count > 1 else { return hashes }
    var size = 16
    while size < hashes.count * 2 { size <<= 1 }
    let mask = size - 1
    // A slot holds a hash + 1: hashes are 47-bit and never negative, so 0 marks an empty slot.
    var slots = [Int64](repeating: 0, count: size)
    var unique: [Int64] = []
    unique.reserveCapacity(hashes.count)
    for hash in hashes {
      var index = Int(truncatingIfNeeded: hash) & mask
      while true {
        let slot = slots[index]
        if slot == 0 {
          slots[index] = hash &+ 1
          unique.append(hash)
          break
        }
        if slot == hash &+ 1 { break }
        index = (index + 1) & mask
      }
    }
    unique.sort()
    return unique
  }
}
