"""Surveys an RDS endpoint with boto3 (a client we did not write) and prints what it parsed as JSON.

Usage: boto3-survey.py ENDPOINT REGION   (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)

Every Query operation goes through botocore's own parser, and the REST download is signed by
botocore's own SigV4 signer, so the emulator's wire format is checked by independent code.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.exceptions

endpoint, region = sys.argv[1], sys.argv[2]
session = boto3.session.Session(region_name=region)
rds = session.client("rds", endpoint_url=endpoint)


def paged(operation, result_key, **kwargs):
    items, pages = [], 0
    for page in rds.get_paginator(operation).paginate(**kwargs):
        pages += 1
        items.extend(page.get(result_key, []))
    return items, pages


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


def portion_text(instance, name):
    text, marker, calls = "", "0", 0
    while True:
        page = rds.download_db_log_file_portion(
            DBInstanceIdentifier=instance, LogFileName=name, Marker=marker, NumberOfLines=50
        )
        calls += 1
        text += page.get("LogFileData", "")
        marker = page["Marker"]
        if not page["AdditionalDataPending"]:
            return text, calls


def rest_sha256(instance, name):
    path = "/v13/downloadCompleteLogFile/%s/%s" % (
        urllib.parse.quote(instance, safe=""),
        "/".join(urllib.parse.quote(part, safe="") for part in name.split("/")),
    )
    request = botocore.awsrequest.AWSRequest(method="GET", url=endpoint + path)
    botocore.auth.SigV4Auth(session.get_credentials(), "rds", region).add_auth(request)
    prepared = urllib.request.Request(endpoint + path, headers=dict(request.headers.items()))
    with urllib.request.urlopen(prepared) as response:
        return hashlib.sha256(response.read()).hexdigest()


clusters, cluster_pages = paged("describe_db_clusters", "DBClusters", PaginationConfig={"PageSize": 20})
instances, instance_pages = paged("describe_db_instances", "DBInstances", PaginationConfig={"PageSize": 20})
survey = {
    "clusters": [
        {"id": c["DBClusterIdentifier"], "engine": c["Engine"], "members": [m["DBInstanceIdentifier"] for m in c["DBClusterMembers"]]}
        for c in clusters
    ],
    "instancePages": instance_pages,
    "instances": [
        {"id": i["DBInstanceIdentifier"], "engine": i["Engine"], "cluster": i.get("DBClusterIdentifier")} for i in instances
    ],
    "logFiles": {},
    "logFilePages": {},
    "portions": {},
    "rest": {},
}
for instance in survey["instances"]:
    if instance["engine"] in ("neptune", "docdb"):
        continue
    files, pages = paged("describe_db_log_files", "DescribeDBLogFiles", DBInstanceIdentifier=instance["id"])
    survey["logFiles"][instance["id"]] = [
        {"name": f["LogFileName"], "size": f["Size"], "lastWritten": f["LastWritten"]} for f in files
    ]
    survey["logFilePages"][instance["id"]] = pages
    for f in files:
        key = instance["id"] + "/" + f["LogFileName"]
        survey["portions"][key] = portion_text(instance["id"], f["LogFileName"])[0]
        survey["rest"][key] = rest_sha256(instance["id"], f["LogFileName"])

survey["tags"] = {
    i["DBInstanceIdentifier"]: {
        "described": i.get("TagList", []),
        "listed": rds.list_tags_for_resource(ResourceName=i["DBInstanceArn"])["TagList"],
    }
    for i in instances[:4]
}
survey["clusterTags"] = {
    c["DBClusterIdentifier"]: {
        "described": c.get("TagList", []),
        "listed": rds.list_tags_for_resource(ResourceName=c["DBClusterArn"])["TagList"],
    }
    for c in clusters
}

events = rds.describe_events(Duration=20160, MaxRecords=100)["Events"]
survey["events"] = [
    {"source": e["SourceIdentifier"], "message": e["Message"], "categories": e["EventCategories"], "date": e["Date"].isoformat()}
    for e in events
]
survey["errors"] = {
    "unknownInstance": error_code(lambda: rds.describe_db_log_files(DBInstanceIdentifier="ghost")),
    "unknownCluster": error_code(lambda: rds.describe_db_clusters(DBClusterIdentifier="ghost")),
    "unknownTagged": error_code(
        lambda: rds.list_tags_for_resource(ResourceName=instances[0]["DBInstanceArn"].rsplit(":", 1)[0] + ":ghost")
    ),
    "unknownLogFile": error_code(
        lambda: rds.download_db_log_file_portion(
            DBInstanceIdentifier=survey["instances"][0]["id"], LogFileName="error/nope.log", Marker="0"
        )
    ),
}
wrong = session.client("rds", endpoint_url=endpoint, aws_secret_access_key="wrong", aws_access_key_id="test:tester")
survey["errors"]["wrongSecret"] = error_code(lambda: wrong.describe_db_instances())
json.dump(survey, sys.stdout, ensure_ascii=False)
