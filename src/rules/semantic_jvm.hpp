// The heap flags of an Elasticsearch node as its launcher combines them: jvm.options, then
// jvm.options.d/*.options in lexicographic order, the last occurrence winning.
#pragma once

#include "semantic_common.hpp"

namespace streamlint::semantic {

struct JvmFlag {
    const Document* doc = nullptr;
    const Setting* setting = nullptr;
    long double bytes = 0;
};

/// The node's effective maximum (-Xmx, -XX:MaxHeapSize) or initial (-Xms, -XX:InitialHeapSize)
/// heap across its config directory's options files in the run; nullopt when none sets it.
std::optional<JvmFlag> heap_flag(const Document& doc, const RuleContext& ctx, bool max);

/// X012 and X013 (the cross-key rules over the heap flags).
void register_jvm_heap_rules(std::vector<std::unique_ptr<Rule>>& out);

}  // namespace streamlint::semantic
