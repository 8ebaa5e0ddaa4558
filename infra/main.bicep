// The evaluation system in one Azure subscription (R-10.1), laid out for the Azure Developer CLI: `azd up` creates
// the resource group `rg-{environmentName}` and everything in it, then deploys src/Evaluation.Functions to the
// Function App tagged `azd-service-name: api`. No secrets anywhere: the app reaches storage, Application Insights and
// Microsoft Graph with one user-assigned managed identity; people sign in with Microsoft Entra ID (App Service
// Authentication). Resources are declared here and in ./modules: registry modules (br/public:…) are not used.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person (or pipeline) running azd. Gets the same data roles on storage as the app, for tools and troubleshooting; empty: none.')
param principalId string = ''

@description('Kind of principalId: a person (User) or a pipeline\'s service principal (ServicePrincipal).')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@minLength(36)
@maxLength(36)
@description('Application (client) id of the Entra app registration people sign in through. The province\'s IT team creates it once: see infra/README.md.')
param authClientId string

@minLength(3)
@description('Mailbox the reminders are sent from (Graph:SenderMailbox), e.g. danhgia@phutho.gov.vn.')
param graphSenderMailbox string

@description('Id (a GUID) of the Teams app (teams/manifest.json) in the organisation\'s app catalogue, Graph:TeamsAppId: leaders\' notifications deep-link to its ballot tab. Empty until the app is uploaded; provision again then.')
param graphTeamsAppId string = ''

@minLength(3)
@description('Comma-separated e-mails of the first working-group members (Evaluation:BootstrapAdmins): they register everyone else.')
param bootstrapAdmins string

@description('Address people reach the app at, for links in e-mails and Teams (Evaluation:PublicBaseUrl); empty: the Function App\'s own https address.')
param publicBaseUrl string = ''

@description('Trusted root certificates for the evidence signature check (Evidence:TrustedRootCertificates), each as Base64 DER; empty: every signature shows as "untrusted".')
param evidenceTrustedRootCertificates string[] = []

@description('Years whose public pages (results, ballots) open without sign-in; see modules/function-app.bicep. Add years and provision again.')
param publicYears int[] = range(2025, 10)

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-${resourceToken}'
// Flex Consumption deploys the app package into this container of the app's own storage account.
var deploymentContainerName = 'app-package-${resourceToken}'
// Durable Functions' task hub (queues, tables and lease blobs of the yearly cycle): letters and digits only.
var durableTaskHubName = 'evaluation'
// Names are fixed here rather than passed on from module outputs, so that what-if can predict every resource.
var names = {
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  plan: 'plan-${resourceToken}'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    durableTaskHubName: durableTaskHubName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    identityName: names.identity
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  dependsOn: [identity, storage, monitoring]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: names.plan
    location: location
    tags: tags
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: names.applicationInsights
    durableTaskHubName: durableTaskHubName
    authClientId: authClientId
    graphSenderMailbox: graphSenderMailbox
    graphTeamsAppId: graphTeamsAppId
    bootstrapAdmins: bootstrapAdmins
    publicBaseUrl: publicBaseUrl
    evidenceTrustedRootCertificates: evidenceTrustedRootCertificates
    publicYears: publicYears
  }
  // The app starts with identity-based storage: its roles (and so the identity, storage and telemetry) come first.
  dependsOn: [roles]
}

// Read by azd (and by the steps in README "Deploy").
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output EVALUATION_SITE_URL string = functionApp.outputs.publicBaseUrl
// The redirect URI to register on the Entra app (Authentication → Web).
output AZURE_AUTH_REDIRECT_URI string = '${functionApp.outputs.uri}/.auth/login/aad/callback'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
// The managed identity that sends mail and Teams notifications: Graph application permissions are granted to it.
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
