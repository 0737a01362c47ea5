"""Surveys the emulator's KMS, DescribeEvents, snapshot and activity-stream answers with boto3.

Usage: boto3-streams.py ENDPOINT REGION KEY_ID   (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)

botocore parses every answer with its own JSON and Query parsers and signs with its own SigV4
signer, so the wire format is checked by code we did not write. Prints what it saw as JSON.
"""
import base64
import json
import sys
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

endpoint, region, key_id = sys.argv[1], sys.argv[2], sys.argv[3]
session = boto3.session.Session(region_name=region)
once = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
kms = session.client("kms", endpoint_url=endpoint, config=once)
rds = session.client("rds", endpoint_url=endpoint)
context = {"aws:rds:dbc-id": "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK"}


def error_of(call):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message", ""),
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return None


def put_faults(knobs):
    request = urllib.request.Request(endpoint + "/_emulator/faults", data=json.dumps(knobs).encode(), method="PUT")
    urllib.request.urlopen(request).read()


generated = kms.generate_data_key(KeyId="alias/das", KeySpec="AES_256", EncryptionContext=context)
decrypted = kms.decrypt(CiphertextBlob=generated["CiphertextBlob"], EncryptionContext=context)
metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
put_faults({"throttleRate": 1, "throttleOperations": ["Decrypt"]})
throttled = error_of(lambda: kms.decrypt(CiphertextBlob=generated["CiphertextBlob"], EncryptionContext=context))
put_faults({})
wrong_secret = session.client(
    "kms", endpoint_url=endpoint, aws_access_key_id="test:tester", aws_secret_access_key="wrong", config=once
)
survey = {
    "kms": {
        "keyId": generated["KeyId"],
        "plaintextLength": len(generated["Plaintext"]),
        "roundTrip": decrypted["Plaintext"] == generated["Plaintext"],
        "decryptKeyId": decrypted["KeyId"],
        "metadata": {k: metadata[k] for k in ("KeyId", "Arn", "KeyState", "KeyUsage", "KeySpec", "Enabled")},
        "creationDateType": type(metadata["CreationDate"]).__name__,
        "errors": {
            "wrongContext": error_of(
                lambda: kms.decrypt(
                    CiphertextBlob=generated["CiphertextBlob"],
                    EncryptionContext={"aws:rds:db-id": context["aws:rds:dbc-id"]},
                )
            ),
            "notFound": error_of(lambda: kms.describe_key(KeyId="alias/missing")),
            "throttled": throttled,
            "wrongSecret": error_of(lambda: wrong_secret.describe_key(KeyId=key_id)),
            "noKeySpec": error_of(lambda: kms.generate_data_key(KeyId=key_id)),
        },
    }
}

events, pages = [], 0
for page in rds.get_paginator("describe_events").paginate(Duration=20160, PaginationConfig={"PageSize": 20}):
    pages += 1
    events.extend(page["Events"])
survey["events"] = {
    "count": len(events),
    "pages": pages,
    "ascending": [e["Date"] for e in events] == sorted(e["Date"] for e in events),
    "snapshotEvent": next(
        {k: (v.isoformat() if k == "Date" else v) for k, v in e.items()}
        for e in events
        if e["SourceType"] == "db-cluster-snapshot"
    ),
    "lastHour": len(rds.describe_events()["Events"]),
    "errors": {
        "identifierWithoutType": error_of(lambda: rds.describe_events(SourceIdentifier="orders")),
        "maxRecords": error_of(lambda: rds.describe_events(MaxRecords=101)),
    },
}

cluster = rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]
instance = rds.describe_db_instances(DBInstanceIdentifier="ledger")["DBInstances"][0]
survey["activityStream"] = {
    "cluster": {k: v for k, v in cluster.items() if k.startswith("ActivityStream") or k == "DbClusterResourceId"},
    "instance": {k: v for k, v in instance.items() if k.startswith("ActivityStream") or k == "DbiResourceId"},
}

snapshot_id = survey["events"]["snapshotEvent"]["SourceIdentifier"]
survey["snapshots"] = {
    "cluster": rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier=snapshot_id)["DBClusterSnapshots"][0][
        "DBClusterIdentifier"
    ],
    "instance": rds.describe_db_snapshots(DBSnapshotIdentifier="rds:ledger-2026-11-22-04-00")["DBSnapshots"][0][
        "DBInstanceIdentifier"
    ],
    "errors": {
        "cluster": error_of(lambda: rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier="nope")),
        "instance": error_of(lambda: rds.describe_db_snapshots(DBSnapshotIdentifier="nope")),
    },
}
json.dump(survey, sys.stdout, ensure_ascii=False)
