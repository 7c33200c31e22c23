import OrderedCollections

/// `["name": "Ann", "tags": ["vip"]]` as a collection, keys in the order written.
extension Value: ExpressibleByDictionaryLiteral {
  package init(dictionaryLiteral elements: (String, Value)...) {
    self = .collection(OrderedDictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}
