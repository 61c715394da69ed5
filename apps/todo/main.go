// Command todo is the example todo service of seed 003, stored in DynamoDB:
//
//	POST /todo       form field data -> 201 {"id": "<8 chars>", "data": "..."}
//	GET  /todo       every todo, oldest first
//	GET  /todo/{id}  one todo, or 404
//	GET  /health     200 ok
//
// Bad input gets a clear 4xx and nothing is stored: a missing or empty data
// field (400), a body over 64 KiB or data over 4 KiB (413), an unknown method
// (405). It reads TODO_TABLE (required) and PORT (default 8080); the AWS SDK
// reads the region, credentials and AWS_ENDPOINT_URL from the environment as
// usual (on EC2, from the instance role).
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	table := os.Getenv("TODO_TABLE")
	if table == "" {
		log.Fatal("TODO_TABLE is not set: want the name of the DynamoDB table (the todo stack's TableName output)")
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Fatalf("loading AWS configuration: %v", err)
	}
	srv := &http.Server{
		Addr:              ":" + port,
		Handler:           newHandler(&store{db: dynamodb.NewFromConfig(cfg), table: table}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	log.Printf("todo listening on %s, table %s", srv.Addr, table)
	log.Fatal(srv.ListenAndServe())
}
