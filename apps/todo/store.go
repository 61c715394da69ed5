package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Todo is one item as the API shows it.
type Todo struct {
	ID   string `json:"id"`
	Data string `json:"data"`
}

// errNotFound is returned by get for an unknown id.
var errNotFound = errors.New("todo not found")

// store keeps todos in one DynamoDB table keyed by "id" (string); each item
// also holds "data" and "created" (RFC 3339, for ordering the list).
type store struct {
	db    *dynamodb.Client
	table string
}

func newID() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// put stores a new todo under a fresh 8-character id; an id that happens to
// exist already is never overwritten.
func (s *store) put(ctx context.Context, data string) (Todo, error) {
	for range 3 {
		id, err := newID()
		if err != nil {
			return Todo{}, err
		}
		_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String(s.table),
			Item: map[string]types.AttributeValue{
				"id":      &types.AttributeValueMemberS{Value: id},
				"data":    &types.AttributeValueMemberS{Value: data},
				"created": &types.AttributeValueMemberS{Value: time.Now().UTC().Format(time.RFC3339Nano)},
			},
			ConditionExpression: aws.String("attribute_not_exists(id)"),
		})
		var taken *types.ConditionalCheckFailedException
		if errors.As(err, &taken) {
			continue
		}
		if err != nil {
			return Todo{}, fmt.Errorf("storing todo: %w", err)
		}
		return Todo{ID: id, Data: data}, nil
	}
	return Todo{}, errors.New("storing todo: no free id after 3 tries")
}

func (s *store) get(ctx context.Context, id string) (Todo, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Todo{}, fmt.Errorf("reading todo %s: %w", id, err)
	}
	if out.Item == nil {
		return Todo{}, errNotFound
	}
	return Todo{ID: str(out.Item["id"]), Data: str(out.Item["data"])}, nil
}

// list returns every todo, oldest first, paging through the whole table.
func (s *store) list(ctx context.Context) ([]Todo, error) {
	type row struct {
		Todo
		created string
	}
	var rows []row
	p := dynamodb.NewScanPaginator(s.db, &dynamodb.ScanInput{TableName: aws.String(s.table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing todos: %w", err)
		}
		for _, it := range page.Items {
			rows = append(rows, row{Todo{ID: str(it["id"]), Data: str(it["data"])}, str(it["created"])})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].created != rows[j].created {
			return rows[i].created < rows[j].created
		}
		return rows[i].ID < rows[j].ID
	})
	todos := make([]Todo, 0, len(rows))
	for _, r := range rows {
		todos = append(todos, r.Todo)
	}
	return todos, nil
}

func str(v types.AttributeValue) string {
	if s, ok := v.(*types.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}
