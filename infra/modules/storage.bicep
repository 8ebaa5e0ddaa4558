// The app's storage account: the Functions host and Durable Functions (blobs, queues, tables), the evaluation data
// (tables), evidence, catalogues, results and keys (blobs), and the Flex Consumption deployment package.
// Identity only: shared keys and anonymous blob access are off, so no connection string exists to leak.
param name string
param location string
param tags object
param deploymentContainerName string
param durableTaskHubName string

@minValue(7)
@maxValue(365)
@description('Days a deleted blob, blob version or container can be restored.')
param retentionDays int = 30

@description('Days old versions of blobs the runtime rewrites all the time (Durable leases and large messages, host locks, deployment packages) are kept.')
param runtimeVersionDays int = 7

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Evidence is the record of a unit's claims (R-2.3): an overwritten or deleted file can be brought back.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Versioning is for the app's data; what the runtime rewrites every few seconds would pile up versions, so those
// go after a few days. Prefixes start with container names: the task hub's containers ("{hub}-leases",
// "{hub}-largemessages", …), the host's "azure-webjobs-…" and the deployment container.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'runtime-blob-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${durableTaskHubName}-', 'azure-webjobs-', '${deploymentContainerName}/']
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: runtimeVersionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [blobService]
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
