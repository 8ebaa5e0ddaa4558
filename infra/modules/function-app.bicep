// The Functions app (src/Evaluation.Functions) on the Flex Consumption plan, its settings and its sign-in.
param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param durableTaskHubName string
param authClientId string
param graphSenderMailbox string
param graphTeamsAppId string
param bootstrapAdmins string
param publicBaseUrl string
param evidenceTrustedRootCertificates string[]
param publicYears int[]

@description('Most instances the app scales out to.')
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      // .NET 10 isolated worker (the projects target net10.0); Flex Consumption takes the version as "10.0".
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Deployments (azd deploy) sign in with Entra ID; publishing user names and passwords are not accepted.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

var siteUrl = 'https://${site.properties.defaultHostName}'

// Trusted roots as the app reads a list from settings: Evidence__TrustedRootCertificates__0, __1, …
var trustedRootSettings = toObject(
  range(0, length(evidenceTrustedRootCertificates)),
  i => 'Evidence__TrustedRootCertificates__${i}',
  i => evidenceTrustedRootCertificates[i]
)

// Every setting the app needs in Azure. tests/…/Contract/DeploymentSettingsTests.cs reads the keys of this object
// (and the list spread into it) and fails for a setting the app reads that is neither here nor documented as
// optional in README "Configuration". Flex Consumption sets FUNCTIONS_WORKER_RUNTIME and the runtime version itself
// (functionAppConfig.runtime) and refuses them here.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The Functions host's storage, also Durable Functions' (connectionName "AzureWebJobsStorage" in host.json):
    // identity-based, one service URI per service it uses.
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    DurableTaskHubName: durableTaskHubName
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    // The evaluation data: the same account, through the same identity.
    EvaluationStorage__TableServiceUri: storage.properties.primaryEndpoints.table
    EvaluationStorage__BlobServiceUri: storage.properties.primaryEndpoints.blob
    EvaluationStorage__ManagedIdentityClientId: identity.properties.clientId
    Evaluation__BootstrapAdmins: bootstrapAdmins
    Evaluation__PublicBaseUrl: empty(publicBaseUrl) ? siteUrl : publicBaseUrl
    // Mail and Teams notifications through Microsoft Graph with the same identity (its Graph application
    // permissions are granted once by the IT team: README "Deploy").
    Graph__SenderMailbox: graphSenderMailbox
    Graph__ManagedIdentityClientId: identity.properties.clientId
    Graph__TeamsAppId: graphTeamsAppId
    ...trustedRootSettings
  }
}

// Pages and API that open without sign-in: the published results and the ranking preview are public (API.md), and
// the leaders' and survey respondents' personal links carry a signed token instead of a sign-in (R-4, R-5); the
// Teams tab runs inside Teams, where a sign-in page cannot open. The app itself still decides who sees what:
// excluded only means "not sent to sign in", and a signed-in visitor's identity still reaches the app.
//
// How App Service Authentication matches excludedPaths: a path without "*" matches exactly that path (the query
// string is not part of it); a trailing "/*" matches everything below it. A "*" inside a path is not a wildcard, so
// the {year} segment cannot be one: the paths are listed for each year of publicYears (extend it and provision
// again). The unit's own result page (app/years/{year}/units/{unitId}/result) is not excluded: it is for the unit,
// the council and the working group, and shows nothing to an anonymous visitor anyway.
var publicPaths = [
  '/api/ranking/preview'
  '/app/leader-ballot-tab'
]
var publicYearPaths = flatten(map(publicYears, year => [
  '/app/years/${year}/results'
  '/app/years/${year}/results/print'
  '/api/years/${year}/results'
  '/api/years/${year}/results/workbook'
  '/app/years/${year}/leader-ballot'
  '/api/years/${year}/leader-ballots/*'
  '/app/years/${year}/survey-ballot'
  '/api/years/${year}/survey/ballots/*'
]))

// Sign-in with Microsoft Entra ID (Easy Auth): the app reads the caller from X-MS-CLIENT-PRINCIPAL, which App Service
// sets and never takes from the request. The app registration (authClientId) is created once by the province's IT
// team in its own tenant: a single-tenant Web app with the redirect URI https://{host}/.auth/login/aad/callback (the
// AZURE_AUTH_REDIRECT_URI output) and "ID tokens" issued. No client secret: sign-in gets an ID token, which is all
// the app needs (it calls nothing on the user's behalf), so there is no secret to store or rotate.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: concat(publicPaths, publicYearPaths)
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          // v2.0 tokens of the province's tenant only.
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // Scripts of other provincial systems call the API with a token for this app (API.md).
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      // Flex Consumption has no persistent file system for a token store, and the app needs no stored tokens.
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

output name string = site.name
output uri string = siteUrl
output publicBaseUrl string = empty(publicBaseUrl) ? siteUrl : publicBaseUrl
