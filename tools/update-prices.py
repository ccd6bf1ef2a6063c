#!/usr/bin/env python3
"""Rebuilds src/ModelGate.Core/Pricing/model-prices.json from LiteLLM's model price list.

Usage: tools/update-prices.py [PATH_TO model_prices_and_context_window.json]
Default input: ../shared/specs/litellm_model_prices_and_context_window.json (beside the repository).

Only the facts are taken: per-token prices (converted to USD per million tokens, exact decimals) and context
limits, for the provider types ModelGate has adapters for. The output is sorted, so a diff shows what changed.
"""
import json
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "specs" / "litellm_model_prices_and_context_window.json"
TARGET = ROOT / "src" / "ModelGate.Core" / "Pricing" / "model-prices.json"

# LiteLLM's provider names -> ModelGate provider types.
PROVIDER_TYPES = {
    "openai": "openai",
    "azure": "azure-openai",
    "anthropic": "anthropic",
    "gemini": "gemini",
    "vertex_ai-language-models": "vertex",
    "vertex_ai-anthropic_models": "vertex",
    "vertex_ai-mistral_models": "vertex",
    "vertex_ai-llama_models": "vertex",
    "vertex_ai-embedding-models": "vertex",
    "vertex_ai": "vertex",
    "bedrock": "bedrock",
    "bedrock_converse": "bedrock",
    "cohere": "cohere",
    "cohere_chat": "cohere",
    "mistral": "mistral",
}
MODES = {"chat", "completion", "embedding", "responses"}
FIELDS = {
    "input_per_mtok": "input_cost_per_token",
    "output_per_mtok": "output_cost_per_token",
    "cached_input_per_mtok": "cache_read_input_token_cost",
    "cache_write_per_mtok": "cache_creation_input_token_cost",
    "reasoning_per_mtok": "output_cost_per_reasoning_token",
}
PREFIXES = ("gemini/", "azure/", "mistral/", "vertex_ai/", "bedrock/", "cohere/", "anthropic/", "openai/")


def per_million(value):
    text = format(Decimal(repr(value)) * 1_000_000, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def model_name(key):
    for prefix in PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return None if "/" in key else key


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    entries = json.loads(source.read_text(encoding="utf-8"))
    prices = {}
    for key, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("mode") not in MODES:
            continue
        provider = PROVIDER_TYPES.get(entry.get("litellm_provider"))
        model = model_name(key)
        if provider is None or model is None or "input_cost_per_token" not in entry:
            continue
        price = {name: per_million(entry[field]) for name, field in FIELDS.items() if isinstance(entry.get(field), (int, float))}
        price.setdefault("output_per_mtok", "0")
        for limit in ("max_input_tokens", "max_output_tokens"):
            if isinstance(entry.get(limit), int):
                price[limit] = entry[limit]
        prices.setdefault(f"{provider}/{model}", price)

    document = {
        "source": "LiteLLM model_prices_and_context_window.json (MIT); prices in USD per million tokens",
        "updated": entries.get("last_updated", "unknown"),
        "models": dict(sorted(prices.items())),
    }
    TARGET.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(prices)} prices to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
