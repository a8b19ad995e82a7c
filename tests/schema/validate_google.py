#!/usr/bin/env python3
"""Validates fulfillment requests/responses against Google's smart-home JSON schemas (Draft 7).

Usage: validate_google.py <schema-dir> <cases.json>
<schema-dir>: the vendored copy, src/SmartHomeCam.GoogleSim/Schemas (SmartHomeCam.GoogleSim embeds the same files
and applies the same checks; the test suite cross-checks the two on the same documents).
cases.json: [{"name": str, "intent": "SYNC|QUERY|EXECUTE|DISCONNECT", "direction": "request|response", "body": {...}}]
Prints one line per problem; exit status 1 when any case fails. Uses Debian's python3-jsonschema.
"""
import json
import os
import sys

from jsonschema import Draft7Validator

# General codes Google's docs use that platform/errors.schema.json omits (spec §1.5).
GENERAL_CODES = {
    "authExpired", "authFailure", "deviceOffline", "timeout", "deviceTurnedOff", "deviceNotFound",
    "valueOutOfRange", "notSupported", "functionNotSupported", "protocolError", "unknownError",
    "transientError", "challengeNeeded",
}


def load(schema_dir, relative):
    with open(os.path.join(schema_dir, relative), encoding="utf-8") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def main():
    schema_dir, cases_path = sys.argv[1], sys.argv[2]
    envelopes = {
        (intent, direction): load(schema_dir, f"intents/{intent.lower()}/{intent.lower()}.{direction}.schema.json")
        for intent in ("SYNC", "QUERY", "EXECUTE", "DISCONNECT")
        for direction in ("request", "response")
    }
    attributes = load(schema_dir, "traits/camerastream/camerastream.attributes.schema.json")
    params = load(schema_dir, "traits/camerastream/getcamerastream.params.schema.json")
    results = load(schema_dir, "traits/camerastream/getcamerastream.results.schema.json")
    codes = set(GENERAL_CODES)
    for relative in ("platform/errors.schema.json", "traits/camerastream/getcamerastream.errors.schema.json"):
        with open(os.path.join(schema_dir, relative), encoding="utf-8") as f:
            codes |= set(json.load(f)["enum"])

    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)

    problems = []

    def check(validator, instance, name, where):
        for error in validator.iter_errors(instance):
            path = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{name}: {where} /{path}: {error.message}")

    def check_code(code, name, where):
        if code is not None and code not in codes:
            problems.append(f"{name}: {where}: unknown errorCode {code!r}")

    for case in cases:
        name, intent, direction, body = case["name"], case["intent"], case["direction"], case["body"]
        check(envelopes[(intent, direction)], body, name, f"{intent.lower()}.{direction}")
        payload = body.get("payload", {}) if isinstance(body, dict) else {}
        if direction == "response":
            check_code(payload.get("errorCode"), name, "payload")
        if intent == "SYNC" and direction == "response":
            for i, device in enumerate(payload.get("devices", [])):
                if "action.devices.traits.CameraStream" in device.get("traits", []):
                    check(attributes, device.get("attributes", {}), name, f"devices[{i}].attributes")
        if intent == "QUERY" and direction == "response":
            for device_id, state in payload.get("devices", {}).items():
                check_code(state.get("errorCode"), name, f"devices.{device_id}")
        if intent == "EXECUTE" and direction == "response":
            for i, command in enumerate(payload.get("commands", [])):
                check_code(command.get("errorCode"), name, f"commands[{i}]")
                states = dict(command.get("states", {}))
                if "cameraStreamProtocol" in states:
                    states.pop("online", None)
                    check(results, states, name, f"commands[{i}].states")
        if intent == "EXECUTE" and direction == "request":
            for i, inp in enumerate(body.get("inputs", [])):
                for j, command in enumerate(inp.get("payload", {}).get("commands", [])):
                    for k, execution in enumerate(command.get("execution", [])):
                        if execution.get("command") == "action.devices.commands.GetCameraStream":
                            check(params, execution.get("params", {}), name, f"inputs[{i}].commands[{j}].execution[{k}].params")

    for problem in problems:
        print(problem)
    print(f"validated {len(cases)} cases, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
