// Command todo is the example todo service of seed 003, stored in DynamoDB:
//
//	POST /todo       form field data -> 201 {"id": "<8 chars>", "data": "..."}
//	GET  /todo       todos, oldest first, 100 a page (?limit=, ?cursor=)
//	GET  /todo/{id}  one todo, or 404
//	GET  /health     200 ok
//
// A POST is stored once per Idempotency-Key header: the same key again
// returns the same todo (Idempotent-Replayed: true). Without a key the
// service makes one and returns it in the answer's Idempotency-Key header,
// so a client that got a 503 or 504 can send the request again with it. A
// further page of the list is named by the Next-Cursor header (and Link).
//
// Every answer but /health is JSON; errors are {"error": "..."}: bad input
// gets a 4xx and nothing is stored (data missing, empty, over 4 KiB or not
// UTF-8, a body over 64 KiB, a bad limit or cursor); a table that does not
// answer within 6 s gets a 504, one that refuses a 503. On SIGTERM it
// finishes the requests in flight (package serve). It reads TODO_TABLE
// (required) and PORT (default 8080); the AWS SDK reads the region,
// credentials and AWS_ENDPOINT_URL from the environment as usual (on EC2,
// from the instance role).
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cdk-privatelink/cdk-privatelink/apps/serve"
)

func main() {
	table := os.Getenv("TODO_TABLE")
	if table == "" {
		log.Fatal("todo: TODO_TABLE is not set: want the name of the DynamoDB table (the todo stack's TableName output)")
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("todo: loading AWS configuration: %v", err)
	}
	serve.Main("todo", newHandler(&store{db: dynamodb.NewFromConfig(cfg), table: table}))
}
